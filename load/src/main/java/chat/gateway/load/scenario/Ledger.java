package chat.gateway.load.scenario;

import java.util.BitSet;

/**
 * One sender's messages: when each was meant to go out, and which came back acknowledged and
 * delivered to each receiving connection, so every message is accounted for (lost, duplicated).
 * Touched only on the loop thread its sender and receivers share.
 */
final class Ledger {

  final long[] intended;
  final BitSet acked = new BitSet();
  final BitSet[] delivered;
  int sent;
  long ackedCount;
  long duplicates;
  long duplicateAcks;

  Ledger(int capacity, int receivers) {
    this.intended = new long[capacity];
    this.delivered = new BitSet[receivers];
    for (int i = 0; i < receivers; i++) {
      delivered[i] = new BitSet(capacity);
    }
  }

  boolean full() {
    return sent >= intended.length;
  }

  /** Records message k's ack; false for a second ack or an unknown k. */
  boolean ack(int k) {
    if (k < 0 || k >= sent) {
      return false;
    }
    if (acked.get(k)) {
      duplicateAcks++;
      return false;
    }
    acked.set(k);
    ackedCount++;
    return true;
  }

  /** Records message k's delivery to receiver r; false for a duplicate or an unknown k. */
  boolean deliver(int r, int k) {
    if (k < 0 || k >= sent) {
      return false;
    }
    if (delivered[r].get(k)) {
      duplicates++;
      return false;
    }
    delivered[r].set(k);
    return true;
  }

  long deliveredCount() {
    long n = 0;
    for (BitSet b : delivered) {
      n += b.cardinality();
    }
    return n;
  }

  /** Sent messages some receiver never got. */
  long lost() {
    long n = 0;
    for (BitSet b : delivered) {
      n += sent - b.cardinality();
    }
    return n;
  }
}
