package dev.stowage.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI distribution subset on the JDK's HTTP server, listening on 127.0.0.1 only (after ggcr's
 * pkg/registry): manifests by tag and digest, blobs, monolithic and chunked uploads, cross-repository mounts,
 * tag listing. It can require Basic or Bearer auth (with its own token endpoint), redirect blob downloads to a
 * second server (another origin) with a signed query string, and inject faults: statuses (401, 429, 500...),
 * truncated, corrupt, oversized or broken blob bodies. Every request is recorded.
 */
public final class InProcessRegistry implements AutoCloseable {
  /** The signature of redirected blob URLs: it must never appear in a message or reach a log. */
  public static final String SIGNATURE = "S3cr3tSignatureValue0123456789abcdef";

  public enum AuthMode {
    NONE,
    BASIC,
    BEARER
  }

  /** What to do instead of the normal answer. */
  public enum FaultKind {
    /** Answer with {@code status}, {@code headers} and a distribution error body. */
    STATUS,
    /** A blob body cut in half, without a Content-Length (so only the verifier can notice). */
    TRUNCATE,
    /** A blob body of the right length with its first byte changed. */
    CORRUPT,
    /** A blob body with extra bytes at the end, without a Content-Length. */
    OVERSIZE,
    /** Announce the full length, send half, close the connection. */
    DROP_CONNECTION
  }

  /** A fault for the next {@code times} requests whose method matches and whose path contains {@code path}. */
  public record Fault(String method, String path, int times, FaultKind kind, int status, Map<String, String> headers) {
    public static Fault status(String method, String path, int times, int status, Map<String, String> headers) {
      return new Fault(method, path, times, FaultKind.STATUS, status, headers);
    }

    public static Fault blob(String path, int times, FaultKind kind) {
      return new Fault("GET", path, times, kind, 200, Map.of());
    }
  }

  /** A request as the server saw it: which server, method, path with query, and some of its headers. */
  public record Recorded(String server, String method, String pathAndQuery, Optional<String> authorization,
      Optional<String> contentRange, Optional<String> accept) {}

  private record Manifest(String mediaType, byte[] bytes) {}

  private record Upload(String repository, ByteArrayOutputStream content) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
  private static final Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/(sha256:[a-f0-9]{64})$");
  private static final Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
  private static final Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([a-f0-9-]+)$");
  private static final Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
  private static final Pattern STORAGE_BLOB = Pattern.compile("^/storage/(sha256:[a-f0-9]{64})$");

  private final HttpServer server;
  private final HttpServer storage;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> blobsByRepository = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Manifest>> manifests = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile AuthMode authMode = AuthMode.NONE;
  private volatile String user;
  private volatile String password;
  private volatile boolean anonymousPull;
  private volatile String identityToken;
  private volatile String tokenResponseOverride;
  private volatile boolean redirectBlobs;
  private volatile boolean mountsEnabled = true;
  private volatile int tagPageSize = 1000;

  private InProcessRegistry() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    storage = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    server.createContext("/", exchange -> serve("registry", exchange, this::route));
    storage.createContext("/", exchange -> serve("storage", exchange, this::routeStorage));
    server.setExecutor(executor);
    storage.setExecutor(executor);
  }

  /** Starts both servers on free ports of 127.0.0.1. */
  public static InProcessRegistry start() throws IOException {
    InProcessRegistry registry = new InProcessRegistry();
    registry.server.start();
    registry.storage.start();
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
    storage.stop(0);
    executor.shutdownNow();
  }

  /** {@code 127.0.0.1:<port>}: a registry name clients speak plain HTTP to. */
  public String registry() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String storageOrigin() {
    return "http://127.0.0.1:" + storage.getAddress().getPort();
  }

  // ---- configuration ---------------------------------------------------------------------------------------

  public InProcessRegistry requireBasic(String username, String pass) {
    authMode = AuthMode.BASIC;
    user = username;
    password = pass;
    return this;
  }

  /** Bearer tokens from {@code /token}; pushing needs {@code username}/{@code pass}, pulling too unless allowed. */
  public InProcessRegistry requireBearer(String username, String pass, boolean allowAnonymousPull) {
    authMode = AuthMode.BEARER;
    user = username;
    password = pass;
    anonymousPull = allowAnonymousPull;
    return this;
  }

  /** Accepts {@code token} as an OAuth2 refresh token (POST /token, grant_type=refresh_token). */
  public InProcessRegistry acceptIdentityToken(String token) {
    identityToken = token;
    return this;
  }

  /** Answers every token request with this JSON instead of a token. */
  public InProcessRegistry tokenResponse(String json) {
    tokenResponseOverride = json;
    return this;
  }

  public InProcessRegistry redirectBlobDownloads() {
    redirectBlobs = true;
    return this;
  }

  public InProcessRegistry disableMounts() {
    mountsEnabled = false;
    return this;
  }

  public InProcessRegistry tagPageSize(int size) {
    tagPageSize = size;
    return this;
  }

  public InProcessRegistry inject(Fault fault) {
    faults.add(fault);
    return this;
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  // ---- content, for arranging and asserting ------------------------------------------------------------------

  public Digest putBlob(String repository, byte[] content) {
    Digest digest = Digest.sha256(content);
    blobs.put(digest.toString(), content.clone());
    blobsByRepository.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(digest.toString());
    return digest;
  }

  public Digest putManifest(String repository, String tag, String mediaType, byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    Map<String, Manifest> repo = manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
    repo.put(digest.toString(), new Manifest(mediaType, bytes.clone()));
    if (tag != null) {
      repo.put(tag, new Manifest(mediaType, bytes.clone()));
    }
    return digest;
  }

  /** Stores {@code bytes} under any reference, even a digest they do not have: for digest-mismatch tests. */
  public void putManifestUnder(String repository, String reference, String mediaType, byte[] bytes) {
    manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(reference, new Manifest(mediaType, bytes.clone()));
  }

  public boolean hasBlob(String repository, Digest digest) {
    return blobsByRepository.getOrDefault(repository, Set.of()).contains(digest.toString());
  }

  public Optional<byte[]> blob(Digest digest) {
    return Optional.ofNullable(blobs.get(digest.toString())).map(byte[]::clone);
  }

  public Optional<byte[]> manifest(String repository, String reference) {
    return Optional.ofNullable(manifests.getOrDefault(repository, Map.of()).get(reference)).map(m -> m.bytes.clone());
  }

  public Optional<String> manifestMediaType(String repository, String reference) {
    return Optional.ofNullable(manifests.getOrDefault(repository, Map.of()).get(reference)).map(Manifest::mediaType);
  }

  // ---- serving -------------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Route {
    void handle(HttpExchange exchange, String path, Map<String, String> query) throws IOException;
  }

  private void serve(String which, HttpExchange exchange, Route route) {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      requests.add(new Recorded(which, method, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Range")),
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept"))));
      Fault fault = takeFault(method, uri.getRawPath());
      if (fault != null && fault.kind() == FaultKind.STATUS) {
        exchange.getRequestBody().readAllBytes();
        fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        error(exchange, fault.status(), fault.status() == 429 ? "TOOMANYREQUESTS" : "UNKNOWN", "injected fault");
        return;
      }
      currentFault.set(fault);
      try {
        route.handle(exchange, uri.getPath(), query(uri.getRawQuery()));
      } finally {
        currentFault.remove();
      }
    } catch (IOException | RuntimeException e) {
      // a dropped connection (our own fault injection, or the client gave up): nothing to answer
    }
  }

  private final ThreadLocal<Fault> currentFault = new ThreadLocal<>();

  private synchronized Fault takeFault(String method, String path) {
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      if (f.method().equals(method) && path.contains(f.path())) {
        if (f.times() <= 1) {
          faults.remove(i);
        } else {
          faults.set(i, new Fault(f.method(), f.path(), f.times() - 1, f.kind(), f.status(), f.headers()));
        }
        return f;
      }
    }
    return null;
  }

  private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    String method = exchange.getRequestMethod();
    if (path.equals("/token")) {
      token(exchange, query);
      return;
    }
    if (path.equals("/v2/") || path.equals("/v2")) {
      if (authorized(exchange, null, null)) {
        json(exchange, 200, "{}");
      }
      return;
    }
    Matcher m;
    if ((m = UPLOADS.matcher(path)).matches() && method.equals("POST")) {
      startUpload(exchange, m.group(1), query);
    } else if ((m = UPLOAD.matcher(path)).matches()) {
      upload(exchange, m.group(1), m.group(2), query);
    } else if ((m = BLOB.matcher(path)).matches()) {
      blob(exchange, m.group(1), m.group(2));
    } else if ((m = MANIFEST.matcher(path)).matches()) {
      manifest(exchange, m.group(1), m.group(2));
    } else if ((m = TAGS.matcher(path)).matches() && method.equals("GET")) {
      tags(exchange, m.group(1), query);
    } else {
      error(exchange, 404, "NOT_FOUND", "no route for " + method + " " + path);
    }
  }

  private void routeStorage(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    Matcher m = STORAGE_BLOB.matcher(path);
    if (!m.matches() || !SIGNATURE.equals(query.get("X-Amz-Signature"))) {
      error(exchange, 403, "DENIED", "bad signature");
      return;
    }
    byte[] content = blobs.get(m.group(1));
    if (content == null) {
      error(exchange, 404, "BLOB_UNKNOWN", "blob unknown");
      return;
    }
    sendBlob(exchange, content);
  }

  private void blob(HttpExchange exchange, String repository, String digest) throws IOException {
    String method = exchange.getRequestMethod();
    if (!authorized(exchange, repository, "pull")) {
      return;
    }
    boolean present = blobsByRepository.getOrDefault(repository, Set.of()).contains(digest);
    if (!present) {
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      }
      return;
    }
    byte[] content = blobs.get(digest);
    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
    if (method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(content.length));
      exchange.sendResponseHeaders(200, -1);
    } else if (method.equals("GET")) {
      if (redirectBlobs) {
        exchange.getResponseHeaders().set("Location", storageOrigin() + "/storage/" + digest
            + "?X-Amz-Expires=300&X-Amz-Signature=" + SIGNATURE);
        exchange.sendResponseHeaders(307, -1);
      } else {
        sendBlob(exchange, content);
      }
    } else {
      error(exchange, 405, "UNSUPPORTED", "method not allowed");
    }
  }

  private void sendBlob(HttpExchange exchange, byte[] content) throws IOException {
    Fault fault = currentFault.get();
    FaultKind kind = fault == null ? null : fault.kind();
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    if (kind == FaultKind.TRUNCATE) {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(content, 0, content.length / 2);
      }
    } else if (kind == FaultKind.OVERSIZE) {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(content);
        out.write("trailing garbage".getBytes(StandardCharsets.UTF_8));
      }
    } else if (kind == FaultKind.CORRUPT) {
      byte[] corrupt = content.clone();
      corrupt[0] ^= 0x5a;
      exchange.sendResponseHeaders(200, corrupt.length);
      exchange.getResponseBody().write(corrupt);
    } else if (kind == FaultKind.DROP_CONNECTION) {
      exchange.sendResponseHeaders(200, content.length);
      OutputStream out = exchange.getResponseBody();
      out.write(content, 0, content.length / 2);
      out.flush();
      throw new IOException("dropping the connection on purpose"); // closing the exchange short drops it
    } else {
      exchange.sendResponseHeaders(200, content.length);
      exchange.getResponseBody().write(content);
    }
  }

  private void manifest(HttpExchange exchange, String repository, String reference) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("PUT")) {
      if (!authorized(exchange, repository, "push")) {
        return;
      }
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      String mediaType = exchange.getRequestHeaders().getFirst("Content-Type");
      Digest digest = Digest.sha256(bytes);
      if (reference.startsWith("sha256:") && !reference.equals(digest.toString())) {
        error(exchange, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        return;
      }
      Optional<String> missing = missingReferences(repository, bytes);
      if (missing.isPresent()) {
        error(exchange, 400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry: " + missing.get());
        return;
      }
      putManifest(repository, reference.startsWith("sha256:") ? null : reference, mediaType, bytes);
      exchange.getResponseHeaders().set("Docker-Content-Digest", digest.toString());
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/manifests/" + digest);
      exchange.sendResponseHeaders(201, -1);
      return;
    }
    if (!authorized(exchange, repository, "pull")) {
      return;
    }
    Manifest manifest = manifests.getOrDefault(repository, Map.of()).get(reference);
    if (manifest == null) {
      error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", manifest.mediaType());
    exchange.getResponseHeaders().set("Docker-Content-Digest", Digest.sha256(manifest.bytes()).toString());
    if (method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", String.valueOf(manifest.bytes().length));
      exchange.sendResponseHeaders(200, -1);
    } else {
      exchange.sendResponseHeaders(200, manifest.bytes().length);
      exchange.getResponseBody().write(manifest.bytes());
    }
  }

  /** A manifest's config and layers, or an index's manifests, that this repository does not have. */
  private Optional<String> missingReferences(String repository, byte[] bytes) {
    try {
      JsonNode json = JSON.readTree(bytes);
      List<String> wanted = new ArrayList<>();
      if (json.has("config")) {
        wanted.add(json.path("config").path("digest").asText());
      }
      json.path("layers").forEach(l -> wanted.add(l.path("digest").asText()));
      for (String d : wanted) {
        if (!blobsByRepository.getOrDefault(repository, Set.of()).contains(d)) {
          return Optional.of(d);
        }
      }
      for (JsonNode m : json.path("manifests")) {
        if (!manifests.getOrDefault(repository, Map.of()).containsKey(m.path("digest").asText())) {
          return Optional.of(m.path("digest").asText());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("(unreadable manifest)");
    }
  }

  private void startUpload(HttpExchange exchange, String repository, Map<String, String> query) throws IOException {
    if (!authorized(exchange, repository, "push")) {
      return;
    }
    exchange.getRequestBody().readAllBytes();
    String mount = query.get("mount");
    String from = query.get("from");
    if (mountsEnabled && mount != null && from != null
        && blobsByRepository.getOrDefault(from, Set.of()).contains(mount)
        && mayPullForMount(exchange, from)) {
      blobsByRepository.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(mount);
      exchange.getResponseHeaders().set("Docker-Content-Digest", mount);
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/" + mount);
      exchange.sendResponseHeaders(201, -1);
      return;
    }
    String id = UUID.randomUUID().toString();
    uploads.put(id, new Upload(repository, new ByteArrayOutputStream()));
    exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/uploads/" + id + "?_state=opaque" + id.substring(0, 8));
    exchange.getResponseHeaders().set("Docker-Upload-UUID", id);
    exchange.getResponseHeaders().set("Range", "0-0");
    exchange.sendResponseHeaders(202, -1);
  }

  private boolean mayPullForMount(HttpExchange exchange, String from) {
    if (authMode != AuthMode.BEARER) {
      return true;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    Set<String> granted = header == null ? Set.of() : tokens.getOrDefault(header.substring("Bearer ".length()), Set.of());
    return granted.contains(from + ":pull");
  }

  private void upload(HttpExchange exchange, String repository, String id, Map<String, String> query)
      throws IOException {
    if (!authorized(exchange, repository, "push")) {
      return;
    }
    Upload upload = uploads.get(id);
    if (upload == null || !upload.repository().equals(repository)) {
      error(exchange, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    String method = exchange.getRequestMethod();
    if (method.equals("PATCH")) {
      String range = exchange.getRequestHeaders().getFirst("Content-Range");
      if (range != null) {
        long start = Long.parseLong(range.substring(0, range.indexOf('-')));
        long end = Long.parseLong(range.substring(range.indexOf('-') + 1));
        if (start != upload.content().size() || end - start + 1 != body.length) {
          error(exchange, 416, "BLOB_UPLOAD_INVALID", "invalid content range");
          return;
        }
      }
      upload.content().write(body);
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/uploads/" + id);
      exchange.getResponseHeaders().set("Range", "0-" + (upload.content().size() - 1));
      exchange.getResponseHeaders().set("Docker-Upload-UUID", id);
      exchange.sendResponseHeaders(202, -1);
    } else if (method.equals("PUT")) {
      upload.content().write(body);
      byte[] content = upload.content().toByteArray();
      String digest = query.get("digest");
      if (digest == null || !digest.equals(Digest.sha256(content).toString())) {
        error(exchange, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        return;
      }
      uploads.remove(id);
      putBlob(repository, content);
      exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
      exchange.getResponseHeaders().set("Location", "/v2/" + repository + "/blobs/" + digest);
      exchange.sendResponseHeaders(201, -1);
    } else {
      error(exchange, 405, "UNSUPPORTED", "method not allowed");
    }
  }

  private void tags(HttpExchange exchange, String repository, Map<String, String> query) throws IOException {
    if (!authorized(exchange, repository, "pull")) {
      return;
    }
    Map<String, Manifest> repo = manifests.get(repository);
    if (repo == null) {
      error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
      return;
    }
    TreeSet<String> all = new TreeSet<>();
    repo.keySet().stream().filter(k -> !k.startsWith("sha256:")).forEach(all::add);
    String last = query.get("last");
    int n = Math.min(tagPageSize, Integer.parseInt(query.getOrDefault("n", "1000")));
    List<String> page = new ArrayList<>();
    for (String tag : last == null ? all : all.tailSet(last, false)) {
      if (page.size() == n) {
        break;
      }
      page.add(tag);
    }
    if (!page.isEmpty() && !all.last().equals(page.get(page.size() - 1))) {
      exchange.getResponseHeaders().set("Link", "</v2/" + repository + "/tags/list?n=" + n + "&last="
          + page.get(page.size() - 1) + ">; rel=\"next\"");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", repository);
    body.put("tags", page);
    json(exchange, 200, JSON.writeValueAsString(body));
  }

  // ---- auth ----------------------------------------------------------------------------------------------------

  /** Whether the request may go on; otherwise a 401 with the right challenge was sent. */
  private boolean authorized(HttpExchange exchange, String repository, String action) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    switch (authMode) {
      case NONE -> {
        return true;
      }
      case BASIC -> {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (expected.equals(header)) {
          return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"in-process\"");
        error(exchange, 401, "UNAUTHORIZED", "authentication required");
        return false;
      }
      case BEARER -> {
        Set<String> granted = header != null && header.startsWith("Bearer ")
            ? tokens.get(header.substring("Bearer ".length())) : null;
        if (granted != null && (repository == null || granted.contains(repository + ":" + action))) {
          return true;
        }
        String scope = repository == null ? "" : ",scope=\"repository:" + repository + ":" + (action.equals("push") ? "pull,push" : "pull") + "\"";
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + registry()
            + "/token\",service=\"in-process\"" + scope);
        error(exchange, 401, "UNAUTHORIZED", "authentication required");
        return false;
      }
      default -> throw new IllegalStateException();
    }
  }

  private void token(HttpExchange exchange, Map<String, String> query) throws IOException {
    if (tokenResponseOverride != null) {
      json(exchange, 200, tokenResponseOverride);
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    boolean authenticated = false;
    List<String> scopes;
    boolean oauth = exchange.getRequestMethod().equals("POST");
    if (oauth) {
      Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (identityToken == null || !"refresh_token".equals(form.get("grant_type"))
          || !identityToken.equals(form.get("refresh_token"))) {
        error(exchange, 401, "UNAUTHORIZED", "invalid refresh token");
        return;
      }
      authenticated = true;
      scopes = List.of(form.getOrDefault("scope", "").split(" "));
    } else {
      if (header != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(header)) {
          error(exchange, 401, "UNAUTHORIZED", "invalid username or password");
          return;
        }
        authenticated = true;
      } else if (!anonymousPull) {
        error(exchange, 401, "UNAUTHORIZED", "anonymous access is not allowed");
        return;
      }
      scopes = scopes(exchange.getRequestURI().getRawQuery());
    }
    Set<String> granted = new HashSet<>();
    for (String scope : scopes) {
      String[] parts = scope.split(":");
      if (parts.length == 3 && parts[0].equals("repository")) {
        for (String action : parts[2].split(",")) {
          if (action.equals("pull") || authenticated) {
            granted.add(parts[1] + ":" + action);
          }
        }
      }
    }
    String token = "tok-" + UUID.randomUUID();
    tokens.put(token, Collections.unmodifiableSet(granted));
    json(exchange, 200, "{\"" + (oauth ? "access_token" : "token") + "\":\"" + token + "\",\"expires_in\":300}");
  }

  private static List<String> scopes(String rawQuery) {
    List<String> out = new ArrayList<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.startsWith("scope=")) {
          out.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new TreeMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    InputStream ignored = exchange.getRequestBody();
    ignored.readAllBytes();
    json(exchange, status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
  }
}
