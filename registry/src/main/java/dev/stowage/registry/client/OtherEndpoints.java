package dev.stowage.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.auth.Scopes;
import dev.stowage.registry.http.Endpoint;
import dev.stowage.registry.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version check and tag listing. */
final class OtherEndpoints {
  private OtherEndpoints() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

  /** GET /v2/: the registry speaks the distribution API, and tells how it authenticates. */
  record Ping(String registry, String action) implements Endpoint<Boolean> {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public URI uri(URI base) {
      return Routes.under(base, "/v2/");
    }

    @Override
    public List<String> scopes() {
      return List.of();
    }

    @Override
    public Boolean handle(Response response) {
      return true;
    }
  }

  /** One page of tags and the link to the next page, if any. */
  record TagPage(List<String> tags, Optional<URI> next) {}

  /** GET /v2/<name>/tags/list?n=..., or the next page a Link header named. */
  record Tags(String repository, Optional<URI> page, String action) implements Endpoint<TagPage> {
    static final int PAGE_SIZE = 1000;

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public URI uri(URI base) {
      return page.orElse(Routes.under(base, "/v2/" + repository + "/tags/list?" + Routes.query("n", "" + PAGE_SIZE)));
    }

    @Override
    public List<String> scopes() {
      return List.of(Scopes.pull(repository));
    }

    @Override
    public TagPage handle(Response response) throws IOException {
      JsonNode json;
      try (InputStream in = response.body()) {
        json = JSON.readTree(in.readNBytes(16 * 1024 * 1024));
      } catch (JsonProcessingException e) {
        throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
            "the registry answered the tag list with invalid JSON");
      }
      List<String> tags = new ArrayList<>();
      if (json != null) {
        for (JsonNode tag : json.path("tags")) {
          if (tag.isTextual()) {
            tags.add(tag.asText());
          }
        }
      }
      Optional<URI> next = Optional.empty();
      for (String link : response.headers().allValues("Link")) {
        Matcher m = NEXT_LINK.matcher(link);
        if (m.find()) {
          try {
            next = Optional.of(response.uri().resolve(m.group(1)));
          } catch (IllegalArgumentException e) {
            throw new RegistryException.ProtocolViolation(Routes.failure(response, action, method()),
                "the registry sent an invalid Link header for the next page of tags");
          }
        }
      }
      return new TagPage(tags, next);
    }
  }
}
