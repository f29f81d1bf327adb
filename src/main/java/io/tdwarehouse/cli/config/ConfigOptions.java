package io.tdwarehouse.cli.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The --config option, plus one flag per {@link Setting} that a command uses, added from the declarations (so
 * names, descriptions and defaults exist in one place). {@link #resolve()} gives the command its {@link Config}.
 */
public final class ConfigOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file (settings by their keys, e.g. topdesk.url). Env: " + Config.CONFIG_ENV + ".")
    Path configFile;

    /** Adds the flags of these settings to a command. */
    public static void addTo(CommandSpec command, Set<Setting> settings) {
        for (Setting s : settings) {
            String help = s.description() + ". Env: " + s.env() + "; config: " + s.key()
                    + (s.defaultValue() == null ? "." : "; default: " + s.defaultValue() + ".");
            OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(help);
            if (s.type() == Setting.Type.BOOLEAN) {
                b.type(boolean.class).arity("0..1");
            } else {
                b.type(String.class).paramLabel(s.type() == Setting.Type.PATH ? "FILE" : s.type().name());
            }
            command.addOption(b.build());
        }
    }

    /** The command's settings: its flags over the environment over the config file over defaults. */
    public Config resolve() {
        return resolve(System.getenv());
    }

    public Config resolve(Map<String, String> env) {
        ParseResult parsed = mixee.commandLine().getParseResult();
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (parsed != null && parsed.hasMatchedOption(s.flag())) {
                Object v = parsed.matchedOptionValue(s.flag(), null);
                flags.put(s, String.valueOf(v));
            }
        }
        return Config.resolve(flags, env, configFile);
    }
}
