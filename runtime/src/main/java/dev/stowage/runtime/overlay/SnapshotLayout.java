package dev.stowage.runtime.overlay;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Where snapshots live under the snapshotter's root, and their names. Pure: no I/O.
 *
 * <pre>
 * root/sha256-&lt;16 hex&gt;/fs      an unpacked layer (overlay whiteouts), with files diffid and link beside fs
 * root/flat-&lt;16 hex&gt;/fs        several layers copied into one (when a stack is too deep for one mount)
 * root/l/&lt;LINK&gt;               a short symlink to ../&lt;id&gt;/fs, so lowerdir= stays short (docker's overlay2 l/)
 * root/active/&lt;owner&gt;-&lt;rnd&gt;/  upper, work and merged of a mounted snapshot
 * root/tmp/&lt;owner&gt;-&lt;rnd&gt;/     an unpack or a commit in progress, renamed into place when complete
 * root/empty/0, root/empty/1   empty lower directories (FROM scratch; a view needs two lowers)
 * </pre>
 */
public final class SnapshotLayout {
  static final String LINKS = "l";
  static final String ACTIVE = "active";
  static final String TMP = "tmp";
  static final String EMPTY = "empty/0";
  static final String EMPTY_SECOND = "empty/1";
  static final String FS = "fs";
  static final String DIFF_ID_FILE = "diffid";
  static final String LINK_FILE = "link";
  static final int ID_HEX = 16;
  static final int LINK_LENGTH = 10;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final Path root;

  public SnapshotLayout(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The directory name of a layer's snapshot: short, stable, derived from its DiffID. */
  public static String layerId(Digest diffId) {
    return diffId.algorithm().ociName() + "-" + diffId.hex().substring(0, ID_HEX);
  }

  /** The directory name of a flattened stack of layers (base first). */
  public static String flatId(List<Digest> diffIds) {
    return "flat-" + chainId(diffIds).hex().substring(0, ID_HEX);
  }

  /**
   * The OCI chain id of a stack: the DiffID of the first layer, then {@code sha256(chain + " " + diffId)} for
   * each further layer (image-spec config.md).
   */
  public static Digest chainId(List<Digest> diffIds) {
    if (diffIds.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one layer");
    }
    Digest chain = diffIds.get(0);
    for (Digest next : diffIds.subList(1, diffIds.size())) {
      chain = Digest.of(DigestAlgorithm.SHA256, (chain + " " + next).getBytes(StandardCharsets.UTF_8));
    }
    return chain;
  }

  /**
   * The short link name for a snapshot id; {@code attempt} > 0 gives longer alternatives for the (unlikely) case
   * that the first one is taken by another snapshot.
   */
  public static String linkName(String id, int attempt) {
    byte[] bits = HexFormat.of().parseHex(Digest.sha256(id).hex());
    int length = LINK_LENGTH + attempt;
    StringBuilder name = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int bitIndex = i * 5;
      int value = 0;
      for (int b = 0; b < 5; b++) {
        int bit = bitIndex + b;
        value = (value << 1) | ((bits[bit / 8] >> (7 - bit % 8)) & 1);
      }
      name.append(BASE32[value]);
    }
    return name.toString();
  }

  public Path snapshotDir(String id) {
    return root.resolve(id);
  }

  public Path fs(String id) {
    return snapshotDir(id).resolve(FS);
  }

  public Path links() {
    return root.resolve(LINKS);
  }

  public Path active() {
    return root.resolve(ACTIVE);
  }

  public Path tmp() {
    return root.resolve(TMP);
  }
}
