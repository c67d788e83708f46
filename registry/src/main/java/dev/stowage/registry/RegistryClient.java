package dev.stowage.registry;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import dev.stowage.oci.Platform;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.store.Blob;
import dev.stowage.oci.store.BlobInfo;
import dev.stowage.oci.store.BlobStore;
import java.util.List;
import java.util.Optional;

/**
 * The OCI distribution operations a builder needs: pull a base image, push a built one. Every method throws a
 * {@link RegistryException} (one line, URL redacted, temporary or not) when the registry fails, and a {@link
 * dev.stowage.registry.auth.CredentialException} when credentials cannot be read.
 */
public interface RegistryClient {
  /** Checks that {@code registry} speaks the distribution API ({@code GET /v2/}) and learns how it authenticates. */
  void ping(String registry);

  /** The manifest or index {@code reference} names, exactly as served. */
  FetchedManifest fetchManifest(ImageReference reference);

  /**
   * The image manifest {@code reference} names for {@code platform}: when it names an OCI index or a Docker
   * manifest list, the entry that best matches the platform is fetched (and verified against the index).
   *
   * @throws RegistryException.NotFound when the index has no entry for the platform (the message lists those it
   *     has)
   */
  ResolvedImage resolve(ImageReference reference, Platform platform);

  /** Whether {@code repository} has the blob. */
  boolean hasBlob(Repository repository, Digest digest);

  /**
   * Downloads a blob into {@code store}, verifying digest and size while streaming and reading no more than the
   * declared size; nothing is stored unless it matches. Does nothing when the store already has it.
   *
   * @throws RegistryException.DigestMismatch when the content does not match the descriptor
   */
  BlobInfo fetchBlob(Repository repository, Descriptor descriptor, BlobStore store);

  /**
   * Makes {@code repository} have the blob: nothing if it has it already, else a cross-repository mount from
   * {@code mountFrom} when given (same registry), else an upload of {@code content} (monolithic, or in chunks
   * for large blobs).
   *
   * @param descriptor the digest and size of {@code content}
   */
  PushOutcome pushBlob(Repository repository, Descriptor descriptor, Blob content, Optional<Repository> mountFrom);

  /**
   * Uploads a manifest or index under the reference's tag (or digest), sending {@code bytes} unchanged.
   *
   * @return the digest of {@code bytes}
   */
  Digest pushManifest(ImageReference reference, byte[] bytes, MediaType mediaType);

  /** The tags of {@code repository}, following pagination. */
  List<String> listTags(Repository repository);
}
