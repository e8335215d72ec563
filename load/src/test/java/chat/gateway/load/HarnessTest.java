package chat.gateway.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The harness's defaults and its reading of the server's jcmd answers. */
class HarnessTest {

  @Test
  void oneSourceAddressPerTwoThousandConnections() {
    assertThat(Harness.defaultSourceCount(1)).isEqualTo(1);
    assertThat(Harness.defaultSourceCount(2_000)).isEqualTo(1);
    assertThat(Harness.defaultSourceCount(2_001)).isEqualTo(2);
    // 15,000 connections on one address slowed connects to 100-200/s: they get 8 now.
    assertThat(Harness.defaultSourceCount(15_000)).isEqualTo(8);
  }

  @Test
  void neverMoreThanTheLoopbackAddressesTheToolBinds() {
    assertThat(Harness.defaultSourceCount(250_000)).isEqualTo(125);
    assertThat(Harness.defaultSourceCount(1_000_000)).isEqualTo(Harness.MAX_SOURCES);
  }

  @Test
  void readsTheUsedHeapOfEveryCollectorsHeapInfo() {
    String shenandoah =
        """
        8591:
        Shenandoah Heap
         12056M max, 12056M soft max, 100M committed, 102265K used
         3014 x 4096 K regions
        """;
    String g1 =
        """
        4242:
         garbage-first heap   total reserved 12345678K, committed 262144K, used 20480K         [0x0000000500000000, 0x0000000800000000)
          region size 4096K, 3 young (12288K), 0 survivors (0K)
        """;
    String z = " ZHeap           used 42M, capacity 512M, max capacity 12056M\n";
    assertThat(Harness.heapUsed(shenandoah)).isEqualTo(102_265L << 10);
    assertThat(Harness.heapUsed(g1)).isEqualTo(20_480L << 10);
    assertThat(Harness.heapUsed(z)).isEqualTo(42L << 20);
    assertThat(Harness.heapUsed("8591:\nno heap here\n")).isEqualTo(-1);
  }
}
