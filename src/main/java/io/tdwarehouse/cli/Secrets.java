package io.tdwarehouse.cli;

import io.tdwarehouse.source.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Passwords come from an environment variable or a file named by one (or by a --…-file option): never from a
 * command-line value, which every user of the machine can read in the process list.
 */
final class Secrets {
    private Secrets() {
    }

    /** The secret from {@code file} if given, else from {@code NAME_FILE}, else from {@code NAME}; null when none. */
    static Secret resolve(Map<String, String> env, String name, Path file) {
        Path path = file;
        if (path == null && env.get(name + "_FILE") != null && !env.get(name + "_FILE").isBlank()) {
            path = Path.of(env.get(name + "_FILE"));
        }
        if (path != null) {
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8);
                return Secret.of(value.strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the " + name + " file " + path + ": " + e.getClass().getSimpleName());
            }
        }
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : Secret.of(value);
    }
}
