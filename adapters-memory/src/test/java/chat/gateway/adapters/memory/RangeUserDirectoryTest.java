package chat.gateway.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import chat.gateway.domain.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeUserDirectoryTest {

  @Test
  void holdsRangesAndSingleIds() {
    RangeUserDirectory directory = RangeUserDirectory.parse("1-1000,4242");

    assertThat(directory.size()).isEqualTo(1001);
    assertThat(exists(directory, 1, 1000, 4242)).containsOnly(true);
    assertThat(exists(directory, 1001, 4241, 4243, Long.MAX_VALUE)).containsOnly(false);
  }

  @Test
  void mergesOverlappingAndAdjacentRanges() {
    RangeUserDirectory directory = RangeUserDirectory.parse("5-20,1-10,21-30,25,40");

    assertThat(directory.size()).isEqualTo(31);
    assertThat(exists(directory, 1, 15, 21, 30, 40)).containsOnly(true);
    assertThat(exists(directory, 31, 39, 41)).containsOnly(false);
  }

  @Test
  void ignoresWhitespaceAndEmptyParts() {
    RangeUserDirectory directory = RangeUserDirectory.parse(" 1 - 5 ,, 7 ,");

    assertThat(directory.size()).isEqualTo(6);
    assertThat(exists(directory, 1, 5, 7)).containsOnly(true);
    assertThat(exists(directory, 6, 8)).containsOnly(false);
  }

  @Test
  void aRangeMayReachTheLargestId() {
    RangeUserDirectory directory = RangeUserDirectory.parse("1-9223372036854775807");

    assertThat(directory.size()).isEqualTo(Long.MAX_VALUE);
    assertThat(exists(directory, 1, Long.MAX_VALUE / 2, Long.MAX_VALUE)).containsOnly(true);
  }

  @Test
  void rangesInsideARangeReachingTheLargestIdAreMerged() {
    RangeUserDirectory directory =
        RangeUserDirectory.parse("100-9223372036854775807,5000,9223372036854775807");

    assertThat(directory.size()).isEqualTo(Long.MAX_VALUE - 99);
    assertThat(exists(directory, 100, 5000, Long.MAX_VALUE)).containsOnly(true);
    assertThat(exists(directory, 99)).containsOnly(false);
    assertThat(RangeUserDirectory.parse("1-9223372036854775807,5").size())
        .isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"    | no user ids in ''",
        "\" , \" | no user ids in ' , '",
        "0       | '0' is not a positive user id",
        "-5      | '-5' is not a positive user id",
        "a-b     | 'a' is not a positive user id",
        "10-1    | user range '10-1' ends before it starts",
        "1-      | '' is not a positive user id",
        "1-5,x   | 'x' is not a positive user id",
        "1-99999999999999999999 | '99999999999999999999' is not a positive user id",
      })
  void refusesBadInputNamingTheBadPart(String spec, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RangeUserDirectory.parse(spec))
        .withMessageContaining(message)
        .withMessageContaining("'" + spec + "'");
  }

  private static java.util.List<Boolean> exists(RangeUserDirectory directory, long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(id -> directory.exists(UserId.of(id))).toList();
  }
}
