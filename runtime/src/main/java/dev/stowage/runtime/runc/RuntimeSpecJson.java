package dev.stowage.runtime.runc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RuntimeSpec} as {@code config.json}. A streaming generator, not a data binder: a secret
 * environment value goes from its {@link SecretValue} bytes straight into the output (JSON-escaped) without ever
 * becoming a {@code String}, and the scratch copy is zero-filled at once.
 */
public final class RuntimeSpecJson {
  // No buffer recycling: a recycled buffer that held a secret would be kept and handed out again.
  private static final JsonFactory FACTORY =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.nonRecyclingPool()).build();

  private RuntimeSpecJson() {}

  public static void write(RuntimeSpec spec, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("ociVersion", RuntimeSpec.OCI_VERSION);
      writeProcess(json, spec.process());
      json.writeObjectFieldStart("root");
      json.writeStringField("path", spec.rootPath());
      json.writeBooleanField("readonly", false);
      json.writeEndObject();
      json.writeStringField("hostname", spec.hostname());
      json.writeArrayFieldStart("mounts");
      for (RuntimeSpec.Mount mount : spec.mounts()) {
        json.writeStartObject();
        json.writeStringField("destination", mount.destination());
        json.writeStringField("type", mount.type());
        json.writeStringField("source", mount.source());
        writeStrings(json, "options", mount.options());
        json.writeEndObject();
      }
      json.writeEndArray();
      writeLinux(json, spec.linux());
      json.writeEndObject();
    }
  }

  private static void writeProcess(JsonGenerator json, RuntimeSpec.Process process) throws IOException {
    json.writeObjectFieldStart("process");
    json.writeBooleanField("terminal", false);
    json.writeObjectFieldStart("user");
    json.writeNumberField("uid", process.user().uid());
    json.writeNumberField("gid", process.user().gid());
    if (!process.user().additionalGids().isEmpty()) {
      json.writeArrayFieldStart("additionalGids");
      for (long gid : process.user().additionalGids()) {
        json.writeNumber(gid);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    writeStrings(json, "args", process.args());
    json.writeArrayFieldStart("env");
    for (String entry : process.env()) {
      if (!process.secretEnv().containsKey(name(entry))) {
        json.writeString(entry);
      }
    }
    for (Map.Entry<String, SecretValue> secret : process.secretEnv().entrySet()) {
      writeSecretEntry(json, secret.getKey(), secret.getValue());
    }
    json.writeEndArray();
    json.writeStringField("cwd", process.cwd());
    json.writeObjectFieldStart("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      writeStrings(json, set, process.capabilities().names());
    }
    json.writeEndObject();
    json.writeArrayFieldStart("rlimits");
    for (RuntimeSpec.Rlimit rlimit : process.rlimits()) {
      json.writeStartObject();
      json.writeStringField("type", rlimit.type());
      json.writeNumberField("hard", rlimit.hard());
      json.writeNumberField("soft", rlimit.soft());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeBooleanField("noNewPrivileges", process.noNewPrivileges());
    json.writeEndObject();
  }

  private static void writeSecretEntry(JsonGenerator json, String name, SecretValue value) throws IOException {
    byte[] prefix = (name + "=").getBytes(StandardCharsets.UTF_8);
    byte[][] entry = new byte[1][];
    value.reveal((ByteBuffer bytes) -> {
      entry[0] = new byte[prefix.length + bytes.remaining()];
      System.arraycopy(prefix, 0, entry[0], 0, prefix.length);
      bytes.get(entry[0], prefix.length, bytes.remaining());
    });
    try {
      // writeUTF8String escapes as JSON requires; the bytes must be UTF-8, as a process environment expects.
      json.writeUTF8String(entry[0], 0, entry[0].length);
      json.flush();
    } finally {
      Arrays.fill(entry[0], (byte) 0);
    }
  }

  private static void writeLinux(JsonGenerator json, RuntimeSpec.Linux linux) throws IOException {
    json.writeObjectFieldStart("linux");
    json.writeObjectFieldStart("resources");
    json.writeArrayFieldStart("devices");
    json.writeStartObject();
    json.writeBooleanField("allow", false); // runc then allows only its default devices (null, zero, tty...)
    json.writeStringField("access", "rwm");
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
    json.writeArrayFieldStart("namespaces");
    for (String type : linux.namespaces()) {
      json.writeStartObject();
      json.writeStringField("type", type);
      json.writeEndObject();
    }
    json.writeEndArray();
    writeStrings(json, "maskedPaths", linux.maskedPaths());
    writeStrings(json, "readonlyPaths", linux.readonlyPaths());
    if (linux.seccomp().isPresent()) {
      writeSeccomp(json, linux.seccomp().get());
    }
    json.writeEndObject();
  }

  private static void writeSeccomp(JsonGenerator json, RuntimeSpec.Seccomp seccomp) throws IOException {
    json.writeObjectFieldStart("seccomp");
    json.writeStringField("defaultAction", seccomp.defaultAction());
    json.writeNumberField("defaultErrnoRet", seccomp.defaultErrnoRet());
    writeStrings(json, "architectures", seccomp.architectures());
    json.writeArrayFieldStart("syscalls");
    for (RuntimeSpec.SyscallRule rule : seccomp.syscalls()) {
      json.writeStartObject();
      writeStrings(json, "names", rule.names());
      json.writeStringField("action", rule.action());
      if (rule.errnoRet().isPresent()) {
        json.writeNumberField("errnoRet", rule.errnoRet().get());
      }
      if (!rule.args().isEmpty()) {
        json.writeArrayFieldStart("args");
        for (RuntimeSpec.SyscallArg arg : rule.args()) {
          json.writeStartObject();
          json.writeNumberField("index", arg.index());
          json.writeNumberField("value", arg.value());
          json.writeNumberField("valueTwo", arg.valueTwo());
          json.writeStringField("op", arg.op());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static String name(String envEntry) {
    int eq = envEntry.indexOf('=');
    return eq < 0 ? envEntry : envEntry.substring(0, eq);
  }
}
