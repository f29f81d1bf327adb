package io.tdwarehouse.cli;

import io.tdwarehouse.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Drives the command line as a user does (for the ITs of status, check and discover): arguments in, exit code and output out. */
final class Cli {
    private Cli() {
    }

    record Result(int exit, String out, String err) {
        /** The output line that starts with this text, or fails naming the output. */
        String line(String start) {
            return out.lines().filter(l -> l.startsWith(start)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in:\n" + out + "\nstderr:\n" + err));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result execute(List<String> args) {
        return execute(args.toArray(String[]::new));
    }

    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TopdeskWarehouse.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The TOPdesk flags, the password in a file of {@code dir}. */
    static List<String> topdesk(String url, String login, String password, Path dir) {
        try {
            Path file = Files.writeString(Files.createTempFile(dir, "app-password", ""), password + "\n");
            return List.of("--topdesk-url", url, "--topdesk-username", login, "--topdesk-app-password-file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The warehouse flags for the test class's database (a password file only when the server wants one). */
    static List<String> warehouse(PostgresDatabase db, Path dir) {
        List<String> args = new ArrayList<>(List.of("--warehouse-jdbc-url", db.jdbcUrl(), "--warehouse-username", db.username()));
        if (db.password() != null) {
            try {
                args.addAll(List.of("--warehouse-password-file",
                        Files.writeString(Files.createTempFile(dir, "db-password", ""), db.password()).toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return args;
    }

    @SafeVarargs
    static List<String> args(String command, List<String>... groups) {
        List<String> all = new ArrayList<>(List.of(command));
        for (List<String> g : groups) {
            all.addAll(g);
        }
        return all;
    }
}
