package chat.gateway.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code --version} prints for every command of the jar: the build's version, written into
 * {@code version.properties} by Maven's resource filtering, so it cannot drift from the POM.
 */
public final class ProductVersion implements CommandLine.IVersionProvider {

  private static final String RESOURCE = "version.properties";

  /** The project version this jar was built as, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"chat gateway " + current()};
  }
}
