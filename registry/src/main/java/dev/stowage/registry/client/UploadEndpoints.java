package dev.stowage.registry.client;

import dev.stowage.oci.Digest;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.auth.Scopes;
import dev.stowage.registry.http.Endpoint;
import dev.stowage.registry.http.RequestBody;
import dev.stowage.registry.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The blob upload protocol: start (or mount), PATCH chunks, PUT to finish. */
final class UploadEndpoints {
  private UploadEndpoints() {}

  /** What a POST to the uploads route achieved. */
  sealed interface Started permits Mounted, Session {}

  /** The registry linked the blob from the other repository: nothing to upload. */
  record Mounted() implements Started {}

  /** An upload session to send the bytes to. */
  record Session(URI location) implements Started {}

  /**
   * POST /v2/<name>/blobs/uploads/, optionally with {@code ?mount=<digest>&from=<repo>}: 201 when mounted, 202
   * with a session otherwise (a registry that cannot mount simply starts an upload). Retrying only opens another
   * session, so the request counts as idempotent.
   */
  record Start(String repository, Optional<Digest> mount, Optional<Repository> from, String action)
      implements Endpoint<Started> {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public URI uri(URI base) {
      String path = "/v2/" + repository + "/blobs/uploads/";
      if (mount.isPresent() && from.isPresent()) {
        path += "?" + Routes.query("mount", mount.get().toString()) + "&" + Routes.query("from", from.get().name());
      }
      return Routes.under(base, path);
    }

    @Override
    public Optional<RequestBody> body() {
      return Optional.of(RequestBody.empty());
    }

    @Override
    public List<String> scopes() {
      return from.isPresent()
          ? List.of(Scopes.pullPush(repository), Scopes.pull(from.get().name()))
          : List.of(Scopes.pullPush(repository));
    }

    @Override
    public boolean isIdempotent() {
      return true;
    }

    @Override
    public boolean handles(int status) {
      return status == 201 || status == 202;
    }

    @Override
    public Started handle(Response response) {
      if (response.statusCode() == 201) {
        if (mount.isEmpty()) {
          throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
              "the registry answered 201 to the start of an upload; expected 202 with an upload location");
        }
        return new Mounted();
      }
      return new Session(Routes.location(response, action, method()));
    }
  }

  /** PATCH <location> with one chunk and its Content-Range; 202 with the next location. */
  record Chunk(URI location, RequestBody content, long offset, String repository, String action)
      implements Endpoint<URI> {
    @Override
    public String method() {
      return "PATCH";
    }

    @Override
    public URI uri(URI base) {
      return location;
    }

    @Override
    public Optional<RequestBody> body() {
      return Optional.of(content);
    }

    @Override
    public Map<String, String> headers() {
      // The distribution spec's form: inclusive byte positions, no "bytes " prefix.
      return Map.of("Content-Range", offset + "-" + (offset + content.length() - 1));
    }

    @Override
    public List<String> scopes() {
      return List.of(Scopes.pullPush(repository));
    }

    @Override
    public boolean isIdempotent() {
      return false;
    }

    @Override
    public boolean handles(int status) {
      return status == 202 || status == 204;
    }

    @Override
    public URI handle(Response response) {
      return response.header("Location").isPresent() ? Routes.location(response, action, method()) : location;
    }
  }

  /**
   * PUT <location>?digest=<digest>, with the whole blob (a monolithic upload) or nothing (after chunks): 201.
   * Not retried here; the caller restarts the whole upload when the content can be read again.
   */
  record Finish(URI location, Digest digest, RequestBody content, String repository, String action)
      implements Endpoint<Digest> {
    @Override
    public String method() {
      return "PUT";
    }

    @Override
    public URI uri(URI base) {
      return Routes.withParam(location, "digest", digest.toString());
    }

    @Override
    public Optional<RequestBody> body() {
      return Optional.of(content);
    }

    @Override
    public List<String> scopes() {
      return List.of(Scopes.pullPush(repository));
    }

    @Override
    public boolean isIdempotent() {
      return false;
    }

    @Override
    public Digest handle(Response response) {
      Optional<String> stored = response.header("Docker-Content-Digest").map(String::strip);
      if (stored.isPresent() && Digest.isValid(stored.get()) && !Digest.parse(stored.get()).equals(digest)) {
        throw new RegistryException.DigestMismatch(Routes.failure(response, action, method()),
            "the registry stored the blob as " + stored.get() + " instead of " + digest);
      }
      return digest;
    }
  }
}
