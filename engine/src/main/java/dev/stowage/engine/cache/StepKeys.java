package dev.stowage.engine.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.InlineFile;
import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cache keys with BuildKit's semantics: the SHA-256 of canonical JSON (sorted keys, no whitespace) holding the
 * parent's key, the step kind and the step's planned fields. What a step reads from outside its parent (the
 * context's bytes, another stage, an image) enters as a digest the caller computed. A secret mount contributes its
 * id, target, env name, required flag, mode, uid and gid only: a changed secret value does not change the key
 * ({@code --secret-cache=by-id}). With {@code by-content} it also contributes the keyed HMAC of the secret's bytes
 * ({@link SecretFingerprints}), and nothing else of the secret. Titles and Dockerfile line numbers are not keyed, so
 * moving an instruction's text around keeps its cache.
 */
public final class StepKeys {
  /** Bumped when the key layout changes, so old entries simply stop matching. */
  private static final int VERSION = 1;
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private StepKeys() {}

  /** The key of a stage's starting point: its base layers' DiffIDs, in order (none for {@code scratch}). */
  public static Digest base(List<Digest> diffIds) {
    Map<String, Object> fields = fields("base");
    fields.put("diffIds", diffIds.stream().map(Digest::toString).toList());
    return hash(fields);
  }

  /**
   * A RUN step.
   *
   * @param network the network the step actually gets ({@code default} already resolved)
   * @param bindSources one identity per bind mount, in mount order (the content digest of a context path, or the
   *     key of the stage or image it binds)
   */
  public static Digest run(Digest parent, PlannedStep.Run run, String network, List<Digest> bindSources) {
    return run(parent, run, network, bindSources, Optional.empty());
  }

  /**
   * A RUN step keyed on the content of its secrets too ({@code --secret-cache=by-content}): each secret mount adds
   * its secret's fingerprint, or a marker when the build has no such secret, so the key differs from the by-id key
   * of the same step and changes with the secret's bytes. A step without secret mounts keys as with by-id.
   */
  public static Digest run(Digest parent, PlannedStep.Run run, String network, List<Digest> bindSources,
      SecretFingerprints secrets) {
    return run(parent, run, network, bindSources, Optional.of(secrets));
  }

  private static Digest run(Digest parent, PlannedStep.Run run, String network, List<Digest> bindSources,
      Optional<SecretFingerprints> secrets) {
    Map<String, Object> fields = fields("run");
    fields.put("parent", parent.toString());
    fields.put("argv", run.argv());
    fields.put("env", run.env());
    fields.put("workdir", run.workdir());
    fields.put("user", run.user());
    fields.put("network", network);
    fields.put("insecure", run.insecure());
    fields.put("inlineFiles", inline(run.inlineFiles()));
    Iterator<Digest> binds = bindSources.iterator();
    List<Object> mounts = new ArrayList<>();
    for (PlannedMount mount : run.mounts()) {
      mounts.add(mount(mount, binds, secrets));
    }
    if (binds.hasNext()) {
      throw new IllegalArgumentException("more bind source identities than bind mounts");
    }
    fields.put("mounts", mounts);
    return hash(fields);
  }

  /**
   * A COPY or ADD step.
   *
   * @param source what the sources are read from: for the context, the content digest of the selected sources
   *     (path, mode, owner, link target and bytes, never mtime); for a stage, that stage's key; for an image, the key
   *     of its layers
   */
  public static Digest copy(Digest parent, PlannedStep.Copy copy, Digest source) {
    Map<String, Object> fields = fields(copy.add() ? "add" : "copy");
    fields.put("parent", parent.toString());
    fields.put("sourceKind", kind(copy.source()));
    fields.put("source", source.toString());
    fields.put("sources", copy.sources());
    fields.put("inlineSources", inline(copy.inlineSources()));
    fields.put("destination", copy.destination());
    fields.put("chown", copy.chown().orElse(null));
    fields.put("chmod", copy.chmod().orElse(null));
    fields.put("link", copy.link());
    fields.put("parents", copy.parents());
    fields.put("excludes", copy.excludes());
    return hash(fields);
  }

  /**
   * What the next step keys on: the step's key and the layer it produced (cached or run). Content flows down, as in
   * BuildKit: a step forced to rerun ({@code --no-cache-filter}) that makes a different layer changes every key
   * after it, in this stage and in the stages that copy from it.
   */
  public static Digest result(Digest stepKey, Digest diffId) {
    Map<String, Object> fields = fields("result");
    fields.put("step", stepKey.toString());
    fields.put("diffId", diffId.toString());
    return hash(fields);
  }

  /** A WORKDIR step: its path and the user that owns new directories. */
  public static Digest workdir(Digest parent, PlannedStep.Workdir workdir) {
    Map<String, Object> fields = fields("workdir");
    fields.put("parent", parent.toString());
    fields.put("path", workdir.path());
    fields.put("user", workdir.user());
    return hash(fields);
  }

  private static Map<String, Object> mount(PlannedMount mount, Iterator<Digest> binds,
      Optional<SecretFingerprints> secrets) {
    Map<String, Object> m = new TreeMap<>();
    m.put("target", mount.target().orElse(null));
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    if (mount instanceof PlannedMount.Secret s) {
      // Never the value. By id (BuildKit-compatible) a changed secret keeps the cache (the CLI warns on a hit);
      // by content its keyed HMAC enters too. No "content" field at all by id: existing keys stay byte-identical.
      m.put("type", "secret");
      m.put("id", s.id());
      m.put("env", s.env().orElse(null));
      m.put("required", s.required());
      m.put("mode", s.mode());
      m.put("uid", s.uid());
      m.put("gid", s.gid());
      secrets.ifPresent(f -> m.put("content", f.of(s.id()).map(HexFormat.of()::formatHex).orElse("absent")));
    } else if (mount instanceof PlannedMount.Ssh s) {
      m.put("type", "ssh");
      m.put("id", s.id());
      m.put("required", s.required());
      m.put("mode", s.mode());
      m.put("uid", s.uid());
      m.put("gid", s.gid());
    } else if (mount instanceof PlannedMount.Cache c) {
      // The cache directory's contents are not keyed, as in BuildKit: it is a cache, not an input.
      m.put("type", "cache");
      m.put("id", c.id());
      m.put("from", c.from().map(StepKeys::describe).orElse(null));
      m.put("source", c.source());
      m.put("readOnly", c.readOnly());
      m.put("sharing", c.sharing());
      m.put("mode", c.mode());
      m.put("uid", c.uid());
      m.put("gid", c.gid());
    } else if (mount instanceof PlannedMount.Bind b) {
      if (!binds.hasNext()) {
        throw new IllegalArgumentException("no source identity for the bind mount at " + b.target().orElse("?"));
      }
      m.put("type", "bind");
      m.put("from", describe(b.from()));
      m.put("source", b.source());
      m.put("identity", binds.next().toString());
      m.put("readWrite", b.readWrite());
    } else if (mount instanceof PlannedMount.Tmpfs t) {
      m.put("type", "tmpfs");
      m.put("size", t.size());
    } else {
      throw new IllegalStateException("unhandled " + mount.getClass().getSimpleName());
    }
    return m;
  }

  private static String kind(CopySource source) {
    if (source instanceof CopySource.Context) {
      return "context";
    } else if (source instanceof CopySource.Stage) {
      return "stage";
    } else if (source instanceof CopySource.Image) {
      return "image";
    }
    throw new IllegalStateException("unhandled " + source.getClass().getSimpleName());
  }

  private static String describe(CopySource source) {
    if (source instanceof CopySource.Context) {
      return "context";
    } else if (source instanceof CopySource.Stage s) {
      return "stage:" + s.index();
    } else if (source instanceof CopySource.Image i) {
      return "image:" + i.reference();
    }
    throw new IllegalStateException("unhandled " + source.getClass().getSimpleName());
  }

  private static List<Object> inline(List<InlineFile> files) {
    List<Object> list = new ArrayList<>();
    for (InlineFile file : files) {
      list.add(List.of(file.name(), file.content()));
    }
    return list;
  }

  /**
   * Encodes one key of every shape the keys above take (strings, numbers, booleans, nulls, immutable lists of each
   * size, nested maps) and discards it: Jackson makes a serializer per value class at its first use, milliseconds
   * each in a cold JVM, which a start-up thread can spend instead of a build's first step.
   */
  public static void warmUp() {
    Map<String, Object> mount = fields("mount");
    mount.put("required", false);
    mount.put("mode", 0400);
    mount.put("env", null);
    Map<String, Object> fields = fields("warm-up");
    fields.put("none", List.of());
    fields.put("one", List.of("a"));
    fields.put("more", List.copyOf(new ArrayList<>(List.of("a", "b", "c"))));
    fields.put("mounts", new ArrayList<Object>(List.of(mount)));
    fields.put("insecure", true);
    hash(fields);
  }

  private static Map<String, Object> fields(String kind) {
    Map<String, Object> fields = new TreeMap<>();
    fields.put("v", VERSION);
    fields.put("kind", kind);
    return fields;
  }

  private static Digest hash(Map<String, Object> fields) {
    try {
      return Digest.sha256(CANONICAL.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a cache key: " + e.getMessage(), e);
    }
  }
}
