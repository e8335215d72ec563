package chat.gateway.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives each command-line option its value when the option is not given: its environment variable,
 * or else the default of its {@link Setting}. Options that are not settings (such as {@code token
 * --ttl}) keep their own defaults.
 */
public final class SettingDefaults implements CommandLine.IDefaultValueProvider {

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    return Setting.forOption(option.longestName())
        .flatMap(setting -> setting.value(System::getenv))
        .orElse(null);
  }
}
