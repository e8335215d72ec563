package chat.gateway.application.port.out;

import java.util.regex.Pattern;

/**
 * One gateway instance of a cluster: letters, digits, '.', '_' and '-', at most 64 characters, so
 * that it can name a Redis key and a Kafka topic as it is.
 */
public record InstanceId(String value) {

  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public InstanceId {
    if (value == null || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "instance id must be 1-64 letters, digits, '.', '_' or '-', got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
