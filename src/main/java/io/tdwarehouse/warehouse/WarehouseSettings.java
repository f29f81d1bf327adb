package io.tdwarehouse.warehouse;

import io.tdwarehouse.source.Secret;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the warehouse is: a PostgreSQL JDBC URL and, separately, the credentials (never inside the URL we log). */
public record WarehouseSettings(String jdbcUrl, String username, Secret password) implements Serializable {

    public WarehouseSettings {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the warehouse JDBC URL must start with jdbc:postgresql: (got "
                    + redact(jdbcUrl) + ")");
        }
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        if (username != null && !username.isBlank()) {
            props.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password.reveal());
        }
        props.setProperty("ApplicationName", "topdesk-warehouse");
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The URL without a password parameter, for messages. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    @Override
    public String toString() {
        return "WarehouseSettings[" + redactedUrl() + ", user " + username + "]";
    }
}
