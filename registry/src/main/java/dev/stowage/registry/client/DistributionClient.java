package dev.stowage.registry.client;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageIndex;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.registry.FetchedManifest;
import dev.stowage.registry.PushOutcome;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.registry.auth.CredentialSource;
import dev.stowage.registry.auth.RegistryAuthenticator;
import dev.stowage.registry.auth.Scopes;
import dev.stowage.registry.auth.TokenExchanger;
import dev.stowage.registry.http.EndpointCaller;
import dev.stowage.registry.http.RequestBody;
import dev.stowage.registry.http.RetryPolicy;
import dev.stowage.registry.http.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@link RegistryClient} on {@code java.net.http}: one {@link EndpointCaller} per registry (with its own
 * authentication state), one small endpoint object per operation. Safe for concurrent use; blobs of one image
 * can be transferred in parallel.
 */
public final class DistributionClient implements RegistryClient {
  /** Index nesting we follow at most (an index may point at an index). */
  private static final int MAX_INDEX_DEPTH = 4;
  /** Whole-upload attempts for content that can be read again (each one a fresh session). */
  private static final int MAX_UPLOAD_ATTEMPTS = 2;

  private final HttpClient http;
  private final RegistryHosts hosts;
  private final CredentialSource credentials;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final long chunkSize;
  private final TokenExchanger tokens;
  private final Map<String, EndpointCaller> callers = new ConcurrentHashMap<>();

  private DistributionClient(Builder b) {
    this.http = b.http != null ? b.http : EndpointCaller.newHttpClient();
    this.hosts = b.hosts;
    this.credentials = b.credentials;
    this.retry = b.retry;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.chunkSize = b.chunkSize;
    this.tokens = new TokenExchanger(http, hosts, clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options; every one has a sensible default. */
  public static final class Builder {
    private HttpClient http;
    private RegistryHosts hosts = RegistryHosts.secureByDefault();
    private CredentialSource credentials = CredentialSource.anonymous();
    private RetryPolicy retry = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private long chunkSize = 64L * 1024 * 1024;

    private Builder() {}

    /** The HTTP client; it must not follow redirects itself (see {@link EndpointCaller#newHttpClient()}). */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client);
      return this;
    }

    public Builder hosts(RegistryHosts registryHosts) {
      this.hosts = Objects.requireNonNull(registryHosts);
      return this;
    }

    public Builder credentials(CredentialSource source) {
      this.credentials = Objects.requireNonNull(source);
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy);
      return this;
    }

    public Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Blobs larger than this are uploaded in PATCH chunks of this size; smaller ones in one PUT. */
    public Builder chunkSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("the chunk size must be positive, was " + bytes);
      }
      this.chunkSize = bytes;
      return this;
    }

    public DistributionClient build() {
      if (http != null && http.followRedirects() != HttpClient.Redirect.NEVER) {
        throw new IllegalArgumentException("the HTTP client must not follow redirects: the registry client follows"
            + " them itself so that credentials never go to another origin");
      }
      return new DistributionClient(this);
    }
  }

  private EndpointCaller caller(String registry) {
    return callers.computeIfAbsent(registry, r -> new EndpointCaller(
        http, hosts.baseUri(r), hosts, new RegistryAuthenticator(r, credentials, tokens), retry, sleeper, clock));
  }

  @Override
  public void ping(String registry) {
    caller(registry).call(new OtherEndpoints.Ping(registry, "checking the registry " + registry));
  }

  @Override
  public FetchedManifest fetchManifest(ImageReference reference) {
    String ref = reference.digest().map(Digest::toString)
        .orElseGet(() -> reference.tag().orElse(ImageReference.DEFAULT_TAG));
    return caller(reference.registry()).call(new ManifestEndpoints.Get(
        reference.repository(), ref, reference.digest(), "pulling manifest " + reference));
  }

  @Override
  public ResolvedImage resolve(ImageReference reference, Platform platform) {
    FetchedManifest top = fetchManifest(reference);
    Optional<Raw<ImageIndex>> index = Optional.empty();
    FetchedManifest current = top;
    for (int depth = 0; current.mediaType().isIndex(); depth++) {
      String action = "resolving " + reference + " for " + platform;
      if (depth >= MAX_INDEX_DEPTH) {
        throw new RegistryException.ProtocolViolation(Failure.of(action),
            "indexes are nested more than " + MAX_INDEX_DEPTH + " deep");
      }
      FetchedManifest indexDocument = current;
      Raw<ImageIndex> parsed = parse(() -> OciJson.readIndex(indexDocument.bytes()), reference, indexDocument);
      if (index.isEmpty()) {
        index = Optional.of(parsed);
      }
      Descriptor entry = parsed.value().select(platform).orElseThrow(() -> new RegistryException.NotFound(
          Failure.of(action), "the image has no manifest for " + platform + " (it has: "
              + platformsOf(parsed.value()) + "); choose one with --platform"));
      ImageReference child = reference.withDigest(entry.digest());
      current = fetchManifest(child);
      if (current.size() != entry.size()) {
        throw new RegistryException.DigestMismatch(Failure.of("pulling manifest " + child),
            "the manifest has " + current.size() + " bytes but the index says " + entry.size());
      }
    }
    FetchedManifest image = current;
    if (!image.mediaType().isManifest()) {
      throw new RegistryException.ProtocolViolation(Failure.of("pulling manifest " + reference),
          "the registry served a " + image.mediaType() + ", which is not an image manifest or index"
              + (image.mediaType().value().contains("v1+prettyjws") || image.mediaType().value().endsWith("v1+json")
                  ? " (Docker schema 1 images are not supported; push the image again with a current tool)" : ""));
    }
    Raw<ImageManifest> manifest = parse(() -> OciJson.readManifest(image.bytes()), reference, image);
    return new ResolvedImage(reference, index, manifest, image.mediaType());
  }

  private interface Parse<T> {
    T run();
  }

  private static <T> T parse(Parse<T> parse, ImageReference reference, FetchedManifest fetched) {
    try {
      return parse.run();
    } catch (OciException e) {
      throw new RegistryException.ProtocolViolation(Failure.of("pulling manifest " + reference),
          "the " + fetched.mediaType() + " " + fetched.digest() + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String platformsOf(ImageIndex index) {
    String listed = index.manifests().stream()
        .map(d -> d.platform().map(Platform::toString).orElse("unknown"))
        .filter(p -> !p.equals("unknown/unknown"))
        .distinct()
        .collect(Collectors.joining(", "));
    return listed.isEmpty() ? "no platforms" : listed;
  }

  @Override
  public boolean hasBlob(Repository repository, Digest digest) {
    return caller(repository.registry()).call(new BlobEndpoints.Head(repository.name(), digest,
        List.of(Scopes.pull(repository.name())), "checking blob " + digest + " in " + repository));
  }

  @Override
  public BlobInfo fetchBlob(Repository repository, Descriptor descriptor, BlobStore store) {
    if (store.has(descriptor.digest())) {
      return new BlobInfo(descriptor.digest(), store.size(descriptor.digest()));
    }
    return caller(repository.registry()).call(new BlobEndpoints.Get(repository.name(), descriptor, store,
        List.of(Scopes.pull(repository.name())), "pulling blob " + descriptor.digest() + " from " + repository));
  }

  @Override
  public PushOutcome pushBlob(
      Repository repository, Descriptor descriptor, Blob content, Optional<Repository> mountFrom) {
    EndpointCaller caller = caller(repository.registry());
    String name = repository.name();
    Digest digest = descriptor.digest();
    // The push scope from the first request on: one token serves the check, the mount and the upload.
    if (caller.call(new BlobEndpoints.Head(name, digest, List.of(Scopes.pullPush(name)),
        "checking blob " + digest + " in " + repository))) {
      return PushOutcome.EXISTED;
    }
    Optional<Repository> from = mountFrom
        .filter(f -> f.registry().equalsIgnoreCase(repository.registry()) && !f.name().equals(name));
    String action = "pushing blob " + digest + " to " + repository;
    for (int attempt = 1; ; attempt++) {
      UploadEndpoints.Started started = caller.call(new UploadEndpoints.Start(name,
          from.map(f -> digest), from,
          from.map(f -> "mounting blob " + digest + " from " + f + " into " + repository).orElse(action)));
      if (started instanceof UploadEndpoints.Mounted) {
        return PushOutcome.MOUNTED;
      }
      URI location = ((UploadEndpoints.Session) started).location();
      try {
        if (descriptor.size() > chunkSize) {
          ChunkedUpload.run(caller, name, descriptor, content, location, chunkSize, action);
        } else {
          RequestBody body = RequestBody.ofContent("application/octet-stream", descriptor.size(),
              out -> content.writeTo(out), content.isRetryable());
          caller.call(new UploadEndpoints.Finish(location, digest, body, name, action));
        }
        return PushOutcome.UPLOADED;
      } catch (RegistryException e) {
        if (!e.isTemporary() || !content.isRetryable() || attempt >= MAX_UPLOAD_ATTEMPTS
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        from = Optional.empty(); // the mount was refused already: go straight to a fresh upload
      }
    }
  }

  @Override
  public Digest pushManifest(ImageReference reference, byte[] bytes, MediaType mediaType) {
    Digest digest = reference.digest()
        .map(d -> Digest.of(d.algorithm(), bytes))
        .orElseGet(() -> Digest.sha256(bytes));
    String action = "pushing manifest " + reference;
    if (reference.digest().isPresent() && !reference.digest().get().equals(digest)) {
      throw new RegistryException.DigestMismatch(Failure.of(action),
          "the manifest bytes have digest " + digest + ", not the " + reference.digest().get() + " of the reference");
    }
    String ref = reference.tag().orElseGet(() -> digest.toString());
    return caller(reference.registry()).call(
        new ManifestEndpoints.Put(reference.repository(), ref, bytes.clone(), mediaType, digest, action));
  }

  @Override
  public List<String> listTags(Repository repository) {
    EndpointCaller caller = caller(repository.registry());
    List<String> tags = new ArrayList<>();
    Optional<URI> page = Optional.empty();
    String action = "listing the tags of " + repository;
    for (int pages = 0; pages < 1000; pages++) {
      OtherEndpoints.TagPage result = caller.call(new OtherEndpoints.Tags(repository.name(), page, action));
      tags.addAll(result.tags());
      if (result.next().isEmpty()) {
        return List.copyOf(tags);
      }
      page = result.next();
    }
    throw new RegistryException.ProtocolViolation(Failure.of(action), "the tag list has more than 1000 pages");
  }
}
