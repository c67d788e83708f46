package dev.stowage.registry.client;

import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciJson;
import dev.stowage.registry.FetchedManifest;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.auth.Scopes;
import dev.stowage.registry.http.Endpoint;
import dev.stowage.registry.http.RequestBody;
import dev.stowage.registry.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The manifest operations: GET with an Accept list, and PUT. */
final class ManifestEndpoints {
  private ManifestEndpoints() {}

  /** The spec's limit for manifests a registry must accept; anything bigger is refused rather than buffered. */
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /** Manifests and indexes we can read, best first. */
  static final List<String> ACCEPT =
      List.of(
          MediaType.OCI_INDEX.value(),
          MediaType.DOCKER_MANIFEST_LIST.value(),
          MediaType.OCI_MANIFEST.value(),
          MediaType.DOCKER_MANIFEST.value());

  /** Content types that say nothing about which manifest it is; the document itself then says. */
  private static final Set<String> GENERIC = Set.of("application/json", "text/plain", "application/octet-stream");

  /** GET /v2/<name>/manifests/<tag|digest>: the bytes, verified against the requested digest or the header. */
  record Get(String repository, String reference, Optional<Digest> expected, String action)
      implements Endpoint<FetchedManifest> {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public URI uri(URI base) {
      return Routes.under(base, "/v2/" + repository + "/manifests/" + reference);
    }

    @Override
    public List<String> accept() {
      return ACCEPT;
    }

    @Override
    public List<String> scopes() {
      return List.of(Scopes.pull(repository));
    }

    @Override
    public FetchedManifest handle(Response response) throws IOException {
      byte[] bytes;
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      }
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
            "the manifest is larger than the 4 MiB the distribution spec allows; refusing it");
      }
      Optional<Digest> header;
      try {
        header = response.header("Docker-Content-Digest").map(String::strip).map(Digest::parse);
      } catch (OciException e) {
        throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
            "the registry sent an invalid Docker-Content-Digest header (" + e.getMessage() + ")");
      }
      Digest wanted = expected.or(() -> header).orElse(null);
      Digest actual = wanted == null ? Digest.sha256(bytes) : Digest.of(wanted.algorithm(), bytes);
      if (wanted != null && !actual.equals(wanted)) {
        throw new RegistryException.DigestMismatch(Routes.failure(response, action, method()),
            "the manifest received has digest " + actual + " but " + wanted + " was "
                + (expected.isPresent() ? "requested" : "announced by the registry"));
      }
      MediaType mediaType;
      try {
        mediaType = Routes.mediaType(response).filter(t -> !GENERIC.contains(t)).map(MediaType::of)
            .orElseGet(() -> OciJson.detectMediaType(bytes));
      } catch (OciException e) {
        throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
            "the registry sent a manifest that cannot be read: " + e.getMessage(), e);
      }
      return new FetchedManifest(mediaType, bytes, actual);
    }
  }

  /** PUT /v2/<name>/manifests/<tag|digest> with the bytes unchanged. */
  record Put(String repository, String reference, byte[] bytes, MediaType mediaType, Digest digest, String action)
      implements Endpoint<Digest> {
    @Override
    public String method() {
      return "PUT";
    }

    @Override
    public URI uri(URI base) {
      return Routes.under(base, "/v2/" + repository + "/manifests/" + reference);
    }

    @Override
    public Optional<RequestBody> body() {
      return Optional.of(RequestBody.ofBytes(mediaType.value(), bytes));
    }

    @Override
    public List<String> scopes() {
      return List.of(Scopes.pullPush(repository));
    }

    @Override
    public Digest handle(Response response) {
      Optional<String> stored = response.header("Docker-Content-Digest").map(String::strip);
      if (stored.isPresent() && Digest.isValid(stored.get()) && !Digest.parse(stored.get()).equals(digest)) {
        throw new RegistryException.DigestMismatch(Routes.failure(response, action, method()),
            "the registry stored the manifest as " + stored.get() + " but its digest is " + digest);
      }
      return digest;
    }
  }
}
