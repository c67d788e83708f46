package dev.stowage.cli.build;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import dev.stowage.registry.FetchedManifest;
import dev.stowage.registry.PushOutcome;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A registry client made on its first call: a build whose images are all local never starts an HTTP client. */
final class LazyRegistryClient implements RegistryClient {
  private final Supplier<RegistryClient> factory;
  private RegistryClient client;

  LazyRegistryClient(Supplier<RegistryClient> factory) {
    this.factory = factory;
  }

  private synchronized RegistryClient client() {
    if (client == null) {
      client = factory.get();
    }
    return client;
  }

  @Override
  public void ping(String registry) {
    client().ping(registry);
  }

  @Override
  public FetchedManifest fetchManifest(ImageReference reference) {
    return client().fetchManifest(reference);
  }

  @Override
  public ResolvedImage resolve(ImageReference reference, Platform platform) {
    return client().resolve(reference, platform);
  }

  @Override
  public boolean hasBlob(Repository repository, Digest digest) {
    return client().hasBlob(repository, digest);
  }

  @Override
  public BlobInfo fetchBlob(Repository repository, Descriptor descriptor, BlobStore store) {
    return client().fetchBlob(repository, descriptor, store);
  }

  @Override
  public PushOutcome pushBlob(Repository repository, Descriptor descriptor, Blob content,
      Optional<Repository> mountFrom) {
    return client().pushBlob(repository, descriptor, content, mountFrom);
  }

  @Override
  public Digest pushManifest(ImageReference reference, byte[] bytes, MediaType mediaType) {
    return client().pushManifest(reference, bytes, mediaType);
  }

  @Override
  public List<String> listTags(Repository repository) {
    return client().listTags(repository);
  }
}
