package io.tdwarehouse.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tdwarehouse.source.FeedSettings;
import io.tdwarehouse.source.Secret;
import io.tdwarehouse.warehouse.WarehouseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one command, resolved: flag > environment > config file > default (see {@link Setting}). Where a
 * value came from is kept, for `check` and error messages; secrets are resolved only when asked for and never
 * printed.
 */
public final class Config {
    /** Environment variable naming the config file when --config is not given. */
    public static final String CONFIG_ENV = "TOPDESK_WAREHOUSE_CONFIG";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<Setting, String> origins = new EnumMap<>(Setting.class);
    private final Map<String, String> env;

    private Config(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param flags values given as flags (absent ones not in the map)
     * @param configFile --config, or null (then $TOPDESK_WAREHOUSE_CONFIG, if set)
     */
    public static Config resolve(Map<Setting, String> flags, Map<String, String> env, Path configFile) {
        Config config = new Config(env);
        Path file = configFile != null ? configFile
                : env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank() ? Path.of(env.get(CONFIG_ENV)) : null;
        Map<Setting, String> fromFile = file == null ? Map.of() : readFile(file);
        for (Setting s : Setting.values()) {
            String v;
            if (flags.get(s) != null) {
                v = flags.get(s);
                config.origins.put(s, "flag " + s.flag());
            } else if (env.get(s.env()) != null && !env.get(s.env()).isEmpty()) {
                v = env.get(s.env());
                config.origins.put(s, "environment " + s.env());
            } else if (fromFile.get(s) != null) {
                v = fromFile.get(s);
                config.origins.put(s, "config file " + file + " (" + s.key() + ")");
            } else {
                v = s.defaultValue();
                config.origins.put(s, "default");
            }
            if (v != null) {
                config.check(s, v);
                config.values.put(s, v);
            }
        }
        return config;
    }

    private static Map<Setting, String> readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file " + file + ": " + e.getMessage());
        }
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        if (root == null || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the config file " + file + " is not a YAML mapping");
        }
        Set<String> known = new HashSet<>();
        for (Setting s : Setting.values()) {
            known.add(s.key());
            JsonNode node = root;
            for (String part : s.key().split("\\.")) {
                node = node.path(part);
            }
            if (!node.isMissingNode() && !node.isNull()) {
                if (!node.isValueNode()) {
                    throw new IllegalArgumentException("config file " + file + ": " + s.key() + " must be a single value");
                }
                out.put(s, node.asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> sections = root.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!section.getValue().isObject()) {
                throw new IllegalArgumentException("config file " + file + ": unknown setting '" + section.getKey() + "'");
            }
            for (Iterator<String> names = section.getValue().fieldNames(); names.hasNext(); ) {
                String key = section.getKey() + "." + names.next();
                if (key.toLowerCase().contains("password") && !key.endsWith("File")) {
                    throw new IllegalArgumentException("config file " + file + ": '" + key + "' — passwords do not go into "
                            + "the config file; put the password in a file of its own and name it with "
                            + key + "File, or use the environment");
                }
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("config file " + file + ": unknown setting '" + key + "'");
                }
            }
        }
        return out;
    }

    private void check(Setting s, String v) {
        try {
            switch (s.type()) {
                case BOOLEAN -> {
                    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException("true or false");
                    }
                }
                case INTEGER -> Integer.parseInt(v.strip());
                case DURATION -> Duration.parse(v.strip());
                case FRACTION -> {
                    double f = Double.parseDouble(v.strip());
                    if (!(f >= 0 && f <= 1)) {
                        throw new IllegalArgumentException("from 0 to 1");
                    }
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(s.key() + " (from " + origins.get(s) + "): '" + v + "' is not a valid "
                    + s.type().name().toLowerCase() + (s.type() == Setting.Type.DURATION ? " (ISO-8601, e.g. PT5M)" : ""));
        }
    }

    public String string(Setting s) {
        return values.get(s);
    }

    public Path path(Setting s) {
        String v = values.get(s);
        return v == null ? null : Path.of(v);
    }

    public boolean bool(Setting s) {
        return Boolean.parseBoolean(values.get(s));
    }

    public int integer(Setting s) {
        return Integer.parseInt(values.get(s).strip());
    }

    public double fraction(Setting s) {
        return Double.parseDouble(values.get(s).strip());
    }

    public Duration duration(Setting s) {
        return Duration.parse(values.get(s).strip());
    }

    /** Where a setting's value came from: "flag --x", "environment X", "config file ...", "default". */
    public String origin(Setting s) {
        return origins.get(s);
    }

    public String require(Setting s) {
        String v = values.get(s);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(s.key() + " is not set: use " + s.flag() + ", the environment variable "
                    + s.env() + " or '" + s.key() + "' in the config file");
        }
        return v;
    }

    /** The application password: from the file named by topdesk.appPasswordFile, else from $TOPDESK_APP_PASSWORD. */
    public Secret topdeskPassword() {
        Secret s = secret(Setting.TOPDESK_APP_PASSWORD_FILE, "TOPDESK_APP_PASSWORD");
        if (s == null) {
            throw new IllegalArgumentException("no TOPdesk application password: set TOPDESK_APP_PASSWORD_FILE (or "
                    + "--topdesk-app-password-file, or topdesk.appPasswordFile) to a file holding it, or TOPDESK_APP_PASSWORD");
        }
        return s;
    }

    public Secret warehousePassword() {
        return secret(Setting.WAREHOUSE_PASSWORD_FILE, "WAREHOUSE_PASSWORD");
    }

    private Secret secret(Setting file, String envName) {
        Path path = path(file);
        if (path != null) {
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8).strip();
                return value.isEmpty() ? null : Secret.of(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file.key() + " " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String value = env.get(envName);
        return value == null || value.isEmpty() ? null : Secret.of(value);
    }

    public FeedSettings feed() {
        // the canonical constructor, so that allowInsecureHttp is known when the URL is checked
        return new FeedSettings(FeedSettings.serviceRootOf(require(Setting.TOPDESK_URL)), require(Setting.TOPDESK_USERNAME),
                topdeskPassword(), java.time.Duration.ofSeconds(10), duration(Setting.TOPDESK_READ_TIMEOUT),
                integer(Setting.TOPDESK_MAX_ATTEMPTS), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(60),
                integer(Setting.TOPDESK_PAGE_SIZE), bool(Setting.TOPDESK_ALLOW_INSECURE_HTTP));
    }

    public WarehouseSettings warehouse() {
        return new WarehouseSettings(require(Setting.WAREHOUSE_JDBC_URL), string(Setting.WAREHOUSE_USERNAME), warehousePassword());
    }
}
