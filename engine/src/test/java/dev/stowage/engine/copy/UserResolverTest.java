package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
  @TempDir
  Path root;

  private UserResolver users;

  @BeforeEach
  void writeUserDatabase() throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), """
        root:x:0:0:root:/root:/bin/sh
        app:x:1000:1000:app:/home/app:/bin/sh
        web:x:1001:33:web:/var/www:/bin/false

        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        """);
    Files.writeString(root.resolve("etc/group"), """
        root:x:0:
        www-data:x:33:
        app:x:1000:
        docker:x:999:app,web
        video:x:44:web
        nogroup:x:65534:
        """);
    users = UserResolver.forRoot(root);
  }

  @Test
  void chownNamesAndNumbersResolveAsBuildKitDoes() {
    assertThat(users.chownOwner("app:app")).isEqualTo(new Owner(1000, 1000));
    assertThat(users.chownOwner("1000")).isEqualTo(new Owner(1000, 1000));
    assertThat(users.chownOwner("4242")).isEqualTo(new Owner(4242, 4242));
    assertThat(users.chownOwner("4242:4343")).isEqualTo(new Owner(4242, 4343));
    assertThat(users.chownOwner("nobody:nogroup")).isEqualTo(new Owner(65534, 65534));
    assertThat(users.chownOwner("0:app")).isEqualTo(new Owner(0, 1000));
    assertThat(users.chownOwner("root")).isEqualTo(Owner.ROOT);
    assertThat(users.chownOwner("")).isEqualTo(Owner.ROOT);
    // A name alone takes its passwd group (llb WithUser + readUser), not its uid.
    assertThat(users.chownOwner("web")).isEqualTo(new Owner(1001, 33));
    assertThat(users.chownOwner("web:docker")).isEqualTo(new Owner(1001, 999));
  }

  @Test
  void anUnknownChownNameIsAnErrorNamingItAndTheFile() {
    assertThatThrownBy(() -> users.chownOwner("ghost")).isInstanceOf(CopyException.class)
        .hasMessage("unable to find user ghost: no matching entries in passwd file /etc/passwd");
    assertThatThrownBy(() -> users.chownOwner("app:ghosts")).isInstanceOf(CopyException.class)
        .hasMessage("unable to find group ghosts: no matching entries in group file /etc/group");
  }

  @Test
  void chownNumbersNeedNoFiles(@TempDir Path empty) {
    UserResolver bare = UserResolver.forRoot(empty);
    assertThat(bare.chownOwner("1000:1000")).isEqualTo(new Owner(1000, 1000));
    assertThatThrownBy(() -> bare.chownOwner("app")).isInstanceOf(CopyException.class)
        .hasMessage("unable to find user app: no matching entries in passwd file (/etc/passwd does not exist in"
            + " the image)");
    assertThatThrownBy(() -> bare.chownOwner("9999999999")).isInstanceOf(CopyException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void execUserTakesThePrimaryGroupAndTheSupplementaryOnes() {
    assertThat(users.execUser("app")).isEqualTo(new ResolvedUser(1000, 1000, List.of(999)));
    assertThat(users.execUser("web")).isEqualTo(new ResolvedUser(1001, 33, List.of(999, 44)));
    assertThat(users.execUser("1001")).isEqualTo(new ResolvedUser(1001, 33, List.of(999, 44)));
    assertThat(users.execUser("web:video")).isEqualTo(new ResolvedUser(1001, 44, List.of()));
    assertThat(users.execUser("app:44")).isEqualTo(new ResolvedUser(1000, 44, List.of()));
    assertThat(users.execUser("app:4444")).isEqualTo(new ResolvedUser(1000, 4444, List.of()));
    assertThat(users.execUser("")).isEqualTo(ResolvedUser.ROOT);
    assertThat(users.execUser("root")).isEqualTo(ResolvedUser.ROOT);
  }

  @Test
  void numericExecUsersNeedNoEntry() {
    // uid:gid in numbers is BuildKit's fast path: no lookup, no supplementary groups.
    assertThat(users.execUser("1000:1000")).isEqualTo(new ResolvedUser(1000, 1000, List.of()));
    assertThat(users.execUser("5000:6000")).isEqualTo(new ResolvedUser(5000, 6000, List.of()));
    // A uid alone without an entry keeps gid 0 (runc's default).
    assertThat(users.execUser("5000")).isEqualTo(new ResolvedUser(5000, 0, List.of()));
  }

  @Test
  void unknownExecNamesAreErrors() {
    assertThatThrownBy(() -> users.execUser("ghost")).isInstanceOf(CopyException.class)
        .hasMessage("unable to find user ghost: no matching entries in passwd file /etc/passwd");
    assertThatThrownBy(() -> users.execUser("app:ghosts")).isInstanceOf(CopyException.class)
        .hasMessage("unable to find group ghosts: no matching entries in group file /etc/group");
    assertThatThrownBy(() -> users.execUser("3000000000")).isInstanceOf(CopyException.class)
        .hasMessage("uids and gids must be in range 0-2147483647, got 3000000000");
  }

  @Test
  void theFilesAreReadInsideTheRootEvenThroughAnAbsoluteSymlink(@TempDir Path other) throws IOException {
    Files.createDirectories(other.resolve("real-etc"));
    Files.writeString(other.resolve("real-etc/passwd"), "inner:x:7:7::/:/bin/sh\n");
    // /etc -> /real-etc must mean <root>/real-etc, never the host's /real-etc (or /etc).
    Files.createSymbolicLink(other.resolve("etc"), Path.of("/real-etc"));
    UserResolver scoped = UserResolver.forRoot(other);
    assertThat(scoped.chownOwner("inner")).isEqualTo(new Owner(7, 7));
    assertThatThrownBy(() -> scoped.chownOwner("root:daemon")).isInstanceOf(CopyException.class)
        .hasMessageContaining("unable to find group daemon");
  }
}
