package dev.stowage.engine.image;

/** An image a build needs cannot be found or used. */
public final class ImageNotFoundException extends RuntimeException {
  public ImageNotFoundException(String reference, String why) {
    super("image " + reference + ": " + why);
  }
}
