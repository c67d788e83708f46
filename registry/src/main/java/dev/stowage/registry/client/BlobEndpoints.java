package dev.stowage.registry.client;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.oci.store.Ingest;
import dev.stowage.oci.store.VerifyingInputStream;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.http.Endpoint;
import dev.stowage.registry.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Blob reads: HEAD to check, GET streamed into a blob store. */
final class BlobEndpoints {
  private BlobEndpoints() {}

  /** HEAD /v2/<name>/blobs/<digest>: true on 200, false on 404. */
  record Head(String repository, Digest digest, List<String> scopes, String action) implements Endpoint<Boolean> {
    @Override
    public String method() {
      return "HEAD";
    }

    @Override
    public URI uri(URI base) {
      return Routes.under(base, "/v2/" + repository + "/blobs/" + digest);
    }

    @Override
    public boolean handles(int status) {
      return status == 200 || status == 404;
    }

    @Override
    public Boolean handle(Response response) {
      return response.statusCode() == 200;
    }
  }

  /**
   * GET /v2/<name>/blobs/<digest> (usually redirected to storage): streamed into the store through a stream
   * that checks digest and size and never reads past the declared size. Each call starts a fresh ingest, so a
   * retry after a broken connection starts over and a failed one leaves nothing behind.
   */
  record Get(String repository, Descriptor descriptor, BlobStore store, List<String> scopes, String action)
      implements Endpoint<BlobInfo> {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public URI uri(URI base) {
      return Routes.under(base, "/v2/" + repository + "/blobs/" + descriptor.digest());
    }

    @Override
    public BlobInfo handle(Response response) throws IOException {
      long announced = response.contentLength();
      if (announced >= 0 && announced != descriptor.size()) {
        throw new RegistryException.DigestMismatch(Routes.failure(response, action, method()),
            "the registry is sending " + announced + " bytes for a blob whose descriptor says "
                + descriptor.size());
      }
      String what = "blob " + descriptor.digest() + " of " + repository;
      try (Ingest ingest = store.ingest(Optional.of(descriptor.digest()), descriptor.size());
          InputStream in = new VerifyingInputStream(response.body(), descriptor.digest(), descriptor.size(), what)) {
        in.transferTo(ingest);
        return ingest.commit();
      } catch (DigestMismatchException e) {
        throw new RegistryException.DigestMismatch(Routes.failure(response, action, method()),
            "the content received does not match its descriptor (" + e.getMessage() + ")");
      }
    }
  }
}
