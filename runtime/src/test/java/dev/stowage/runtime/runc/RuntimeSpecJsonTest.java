package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.engine.spi.ExecSpec;
import dev.stowage.secrets.SecretValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuntimeSpecJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode write(RuntimeSpec spec) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RuntimeSpecJson.write(spec, out);
    return JSON.readTree(out.toByteArray());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void writesTheRuntimeSpecFieldsRuncReads() throws Exception {
    ExecSpec exec = new ExecSpec(List.of("/bin/sh", "-c", "echo \"hi\""), List.of("A=1"), Map.of(), "/w", 5, 6,
        List.of(7), "none", "box", List.of(), false);

    JsonNode config = write(RuntimeSpecFactory.create(exec, "/root fs", "/b/hosts", "/b/resolv.conf"));

    assertThat(config.path("ociVersion").asText()).isEqualTo("1.0.2");
    JsonNode process = config.path("process");
    assertThat(process.path("terminal").asBoolean(true)).isFalse();
    assertThat(strings(process.path("args"))).containsExactly("/bin/sh", "-c", "echo \"hi\"");
    assertThat(process.path("user").path("uid").asInt()).isEqualTo(5);
    assertThat(process.path("user").path("gid").asInt()).isEqualTo(6);
    assertThat(strings(process.path("user").path("additionalGids"))).containsExactly("7");
    assertThat(process.path("cwd").asText()).isEqualTo("/w");
    assertThat(strings(process.path("capabilities").path("bounding")))
        .isEqualTo(strings(process.path("capabilities").path("effective")))
        .isEqualTo(strings(process.path("capabilities").path("permitted")));
    assertThat(process.path("rlimits").get(0).path("type").asText()).isEqualTo("RLIMIT_NOFILE");
    assertThat(process.path("noNewPrivileges").asBoolean()).isTrue();
    assertThat(config.path("root").path("path").asText()).isEqualTo("/root fs");
    assertThat(config.path("root").path("readonly").asBoolean(true)).isFalse();
    assertThat(config.path("hostname").asText()).isEqualTo("box");
    assertThat(config.path("mounts").get(0).path("destination").asText()).isEqualTo("/proc");
    assertThat(config.path("linux").path("namespaces").findValuesAsText("type"))
        .containsExactly("pid", "ipc", "uts", "mount", "network", "cgroup");
    assertThat(config.path("linux").path("resources").path("devices").get(0).path("allow").asBoolean(true))
        .isFalse();
  }

  @Test
  void secretEnvironmentValuesAreEscapedAndReplacePlainOnesOfTheSameName() throws Exception {
    Map<String, SecretValue> secrets = new TreeMap<>();
    secrets.put("TOKEN", SecretValue.ofUtf8("s3cr\"et\nline\\two"));
    secrets.put("API_KEY", SecretValue.ofUtf8("k-é-✓"));
    ExecSpec exec = new ExecSpec(List.of("env"), List.of("TOKEN=plain", "B=2"), secrets, "/", 0, 0, List.of(),
        "none", "h", List.of(), false);

    JsonNode config = write(RuntimeSpecFactory.create(exec, "/r", "/h", "/c"));

    assertThat(strings(config.path("process").path("env"))).containsExactlyInAnyOrder(
        RuntimeSpecFactory.DEFAULT_PATH, "B=2", "TOKEN=s3cr\"et\nline\\two", "API_KEY=k-é-✓");
  }

  @Test
  void writesTheSeccompProfileInRuntimeSpecForm() throws Exception {
    ExecSpec exec = new ExecSpec(List.of("true"), List.of(), Map.of(), "/", 0, 0, List.of(), "none", "h",
        List.of(), false);

    JsonNode seccomp = write(RuntimeSpecFactory.create(exec, "/r", "/h", "/c")).path("linux").path("seccomp");

    assertThat(seccomp.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(seccomp.path("defaultErrnoRet").asInt()).isEqualTo(1);
    JsonNode clone = null;
    JsonNode clone3 = null;
    for (JsonNode rule : seccomp.path("syscalls")) {
      List<String> names = strings(rule.path("names"));
      clone = names.equals(List.of("clone")) ? rule : clone;
      clone3 = names.equals(List.of("clone3")) ? rule : clone3;
    }
    assertThat(clone).isNotNull();
    assertThat(clone.path("args").get(0).path("value").asLong()).isEqualTo(0x7E020000L);
    assertThat(clone.path("args").get(0).path("valueTwo").asLong()).isZero();
    assertThat(clone.path("args").get(0).path("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
    assertThat(clone3.path("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(clone3.path("errnoRet").asInt()).isEqualTo(38);

    ExecSpec insecure = new ExecSpec(List.of("true"), List.of(), Map.of(), "/", 0, 0, List.of(), "none", "h",
        List.of(), true);
    assertThat(write(RuntimeSpecFactory.create(insecure, "/r", "/h", "/c")).path("linux").has("seccomp")).isFalse();
  }

  @Test
  void theSecretIsStillUsableAfterwards() throws Exception {
    SecretValue secret = SecretValue.ofUtf8("value-123456");
    ExecSpec exec = new ExecSpec(List.of("env"), List.of(), Map.of("S", secret), "/", 0, 0, List.of(), "none", "h",
        List.of(), false);

    write(RuntimeSpecFactory.create(exec, "/r", "/h", "/c"));

    byte[][] seen = new byte[1][];
    secret.reveal(b -> {
      seen[0] = new byte[b.remaining()];
      b.get(seen[0]);
    });
    assertThat(new String(seen[0], StandardCharsets.UTF_8)).isEqualTo("value-123456");
  }
}
