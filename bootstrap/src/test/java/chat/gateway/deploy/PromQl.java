package chat.gateway.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: enough of the language for the expressions of our
 * alert rules and dashboard (selectors, functions, aggregations with {@code by}/{@code without},
 * binary operators and their matching clauses), not a full parser.
 */
public final class PromQl {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LISTS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern TOKENS =
      Pattern.compile(
          "\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?(?:ms|[smhdwy])?|([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromQl() {}

  /** The metric names {@code expr} selects, in order of appearance. */
  public static Set<String> metricNames(String expr) {
    String bare = STRINGS.matcher(expr).replaceAll("\"\"");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = RANGES.matcher(bare).replaceAll(" ");
    bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher token = TOKENS.matcher(bare);
    while (token.find()) {
      String name = token.group(1);
      boolean call = token.group(2) != null;
      if (name != null && !call && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
