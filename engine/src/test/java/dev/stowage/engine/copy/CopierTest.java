package dev.stowage.engine.copy;

import static dev.stowage.engine.copy.Fs.dir;
import static dev.stowage.engine.copy.Fs.file;
import static dev.stowage.engine.copy.Fs.meta;
import static dev.stowage.engine.copy.Fs.read;
import static dev.stowage.engine.copy.Fs.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.plan.InlineFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopierTest {
  @TempDir
  Path context;
  @TempDir
  Path dest;
  @TempDir
  Path outside;

  @BeforeEach
  void rootsAreOrdinaryDirectories() throws IOException {
    FileOps.chmod(context, 0755);
    FileOps.chmod(dest, 0755);
  }

  private CopyResult copy(String destination, String... sources) {
    return Copier.copy(request(destination, sources));
  }

  private CopyRequest request(String destination, String... sources) {
    return CopyRequest.fromContext(context, DockerIgnore.none(), List.of(sources), dest, destination);
  }

  // ---------------------------------------------------------------- where things land

  @Test
  void aFileGoesIntoADirectoryWrittenWithASlashAndIsRenamedWithout() {
    file(context, "single.txt", "single\n");
    copy("/newdir/", "single.txt");
    copy("/renamed", "single.txt");
    copy("/deep/er/path/", "single.txt");
    assertThat(read(dest.resolve("newdir/single.txt"))).isEqualTo("single\n");
    assertThat(meta(dest.resolve("newdir"))).isEqualTo("DIRECTORY 755 0:0");
    assertThat(meta(dest.resolve("renamed"))).isEqualTo("FILE 644 0:0");
    assertThat(meta(dest.resolve("deep/er/path/single.txt"))).isEqualTo("FILE 644 0:0");
  }

  @Test
  void aFileGoesIntoAnExistingDirectoryEvenWithoutASlash() {
    file(context, "a.txt", "a\n");
    dir(dest, "etc", 0755);
    copy("/etc", "a.txt");
    assertThat(read(dest.resolve("etc/a.txt"))).isEqualTo("a\n");
  }

  @Test
  void aDirectoryCopiesItsContentsAndAnExistingTopKeepsItsMetadata() {
    file(context, "tree/f1", "f1\n");
    file(context, "tree/sub/f2", "f2\n", 0600);
    dir(context, "tree/sub", 0750);
    copy("/t1", "tree");
    assertThat(read(dest.resolve("t1/f1"))).isEqualTo("f1\n");
    assertThat(meta(dest.resolve("t1"))).isEqualTo("DIRECTORY 755 0:0");
    assertThat(meta(dest.resolve("t1/sub"))).isEqualTo("DIRECTORY 750 0:0");
    assertThat(meta(dest.resolve("t1/sub/f2"))).isEqualTo("FILE 600 0:0");

    Path existing = dir(dest, "t2", 0700);
    Fs.chown(existing, 5, 5);
    dir(dest, "t2/sub", 0777);
    copy("/t2/", "tree/");
    assertThat(meta(dest.resolve("t2"))).isEqualTo("DIRECTORY 700 5:5");
    assertThat(meta(dest.resolve("t2/sub"))).isEqualTo("DIRECTORY 750 0:0"); // below the top: source's metadata
  }

  @Test
  void theWholeContextCopiesWithDot() {
    file(context, "Dockerfile", "FROM scratch\n");
    dir(context, "empty", 0755);
    copy("/all/", ".");
    assertThat(Fs.exists(dest.resolve("all/Dockerfile"))).isTrue();
    assertThat(meta(dest.resolve("all/empty"))).isEqualTo("DIRECTORY 755 0:0");
  }

  @Test
  void severalSourcesNeedADestinationEndingWithASlash() {
    file(context, "a.txt", "a");
    file(context, "b.txt", "b");
    assertThatThrownBy(() -> copy("/multi", "a.txt", "b.txt")).isInstanceOf(CopyException.class)
        .hasMessage("When using COPY with more than one source file, the destination must be a directory and end"
            + " with a /");
    assertThatThrownBy(() -> copy("/multi", "*.txt")).isInstanceOf(CopyException.class);
    assertThat(Fs.exists(dest.resolve("multi"))).isFalse();
    copy("/multi/", "*.txt");
    assertThat(read(dest.resolve("multi/b.txt"))).isEqualTo("b");
  }

  @Test
  void wildcardsMatchPerComponentAndTheLastMatchWins() {
    file(context, "a.txt", "a");
    file(context, "data1.csv", "1");
    file(context, "data22.csv", "22");
    file(context, "dir1/x.conf", "dir1");
    file(context, "dir2/x.conf", "dir2");
    file(context, "dir2/deeper/x.conf", "deep");
    copy("/q/", "data?.csv");
    copy("/nested/", "dir*/x.conf");
    assertThat(Fs.exists(dest.resolve("q/data1.csv"))).isTrue();
    assertThat(Fs.exists(dest.resolve("q/data22.csv"))).isFalse();
    assertThat(read(dest.resolve("nested/x.conf"))).isEqualTo("dir2");
  }

  @Test
  void aWildcardMatchingNothingCopiesNothing() {
    CopyResult result = copy("/none/", "*.nothing");
    assertThat(result.entries()).isZero();
    assertThat(Fs.exists(dest.resolve("none"))).isFalse();
  }

  @Test
  void aMissingSourceIsAnErrorNamingIt() {
    assertThatThrownBy(() -> copy("/x", "does-not-exist.txt")).isInstanceOf(CopyException.class)
        .hasMessage("\"/does-not-exist.txt\": not found");
    assertThatThrownBy(() -> copy("/x/", "no-dir/*.txt")).isInstanceOf(CopyException.class)
        .hasMessage("\"no-dir/*.txt\": not found: no such directory \"/no-dir\"");
  }

  @Test
  void aFileInTheWayOfTheDestinationIsAnError() {
    file(context, "a.txt", "a");
    file(dest, "f", "file");
    assertThatThrownBy(() -> copy("/f/sub/", "a.txt")).isInstanceOf(CopyException.class)
        .hasMessage("cannot create directory /f/sub: /f is not a directory");
    dir(dest, "d/a.txt", 0755);
    assertThatThrownBy(() -> copy("/d/", "a.txt")).isInstanceOf(CopyException.class)
        .hasMessage("cannot replace to directory /d/a.txt with file");
  }

  // ---------------------------------------------------------------- staying inside the roots

  @Test
  void anAbsoluteSymlinkInTheDestinationResolvesInsideTheRoot() throws IOException {
    file(context, "a.txt", "payload");
    dir(dest, "etc", 0755);
    symlink(dest, "app", "/etc");
    symlink(dest, "out", outside.toString());
    copy("/app/", "a.txt");
    copy("/out/", "a.txt");
    assertThat(read(dest.resolve("etc/a.txt"))).isEqualTo("payload");
    assertThat(read(dest.resolve(outside.toString().substring(1) + "/a.txt"))).isEqualTo("payload");
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void aClimbingSymlinkInTheDestinationStopsAtTheRoot() throws IOException {
    file(context, "a.txt", "payload");
    dir(dest, "x", 0755);
    symlink(dest, "x/up", "../../../../../../..");
    copy("/x/up/landed/", "a.txt");
    assertThat(read(dest.resolve("landed/a.txt"))).isEqualTo("payload");
  }

  @Test
  void aSymlinkAtTheTargetIsReplacedNeverWrittenThrough() throws IOException {
    file(context, "tree/a.txt", "new");
    Path victim = file(outside, "victim", "untouched");
    dir(dest, "t", 0755);
    symlink(dest, "t/a.txt", victim.toString());
    copy("/t/", "tree");
    assertThat(Fs.attrs(dest.resolve("t/a.txt")).isFile()).isTrue();
    assertThat(read(victim)).isEqualTo("untouched");
  }

  @Test
  void aSymlinkWhereACopiedDirectoryGoesIsAnError() {
    file(context, "tree/sub/f", "f");
    dir(dest, "t", 0755);
    symlink(dest, "t/sub", outside.toString());
    assertThatThrownBy(() -> copy("/t/", "tree")).isInstanceOf(CopyException.class)
        .hasMessage("cannot copy to non-directory: /t/sub");
  }

  @Test
  void aSourceSymlinkCannotLeadOutOfTheSourceRoot() {
    file(outside, "secret", "host secret");
    symlink(context, "abs", outside.resolve("secret").toString());
    symlink(context, "rel", "../../../../../../.." + outside.resolve("secret"));
    assertThatThrownBy(() -> copy("/x", "abs")).isInstanceOf(CopyException.class)
        .hasMessage("\"/abs\": not found");
    assertThatThrownBy(() -> copy("/x", "rel")).isInstanceOf(CopyException.class)
        .hasMessage("\"/rel\": not found");
    assertThatThrownBy(() -> copy("/x", "../../../../etc/passwd")).isInstanceOf(CopyException.class)
        .hasMessage("\"/etc/passwd\": not found");
  }

  // ---------------------------------------------------------------- links, special files, metadata

  @Test
  void theSourceItselfIsFollowedButSymlinksBelowItAreCopiedAsSymlinks() throws IOException {
    file(context, "target.txt", "target\n");
    file(context, "realdir/inner.txt", "inner\n");
    symlink(context, "realdir/back", "../target.txt");
    symlink(context, "ctx-link", "target.txt");
    symlink(context, "ctx-dirlink", "realdir");
    copy("/copied/", "ctx-link");
    copy("/copied-dirlink", "ctx-dirlink");
    assertThat(meta(dest.resolve("copied/ctx-link"))).isEqualTo("FILE 644 0:0");
    assertThat(read(dest.resolve("copied/ctx-link"))).isEqualTo("target\n");
    assertThat(Fs.attrs(dest.resolve("copied-dirlink/back")).isSymlink()).isTrue();
    assertThat(Files.readSymbolicLink(dest.resolve("copied-dirlink/back"))).hasToString("../target.txt");
  }

  @Test
  void hardLinksWithinOneCopyStayHardLinks() throws IOException {
    Path a = file(context, "d/a", "same");
    Files.createLink(context.resolve("d/b"), a);
    copy("/h/", "d");
    UnixAttrs ca = Fs.attrs(dest.resolve("h/a"));
    UnixAttrs cb = Fs.attrs(dest.resolve("h/b"));
    assertThat(ca.ino()).isEqualTo(cb.ino());
    assertThat(ca.nlink()).isEqualTo(2);
  }

  @Test
  void fifosAreCopiedAsFifos() throws IOException {
    FileOps.mknod(context.resolve("pipe"), UnixAttrs.Type.FIFO, 0640, 0, 0);
    copy("/p/", "pipe");
    assertThat(meta(dest.resolve("p/pipe"))).isEqualTo("FIFO 640 0:0");
  }

  @Test
  void deviceNodesAreCopiedAsDeviceNodes() throws IOException {
    FileOps.mknod(context.resolve("null"), UnixAttrs.Type.CHAR_DEVICE, 0666, 1, 3);
    copy("/dev/", "null");
    UnixAttrs copied = Fs.attrs(dest.resolve("dev/null"));
    assertThat(meta(dest.resolve("dev/null"))).isEqualTo("CHAR_DEVICE 666 0:0");
    assertThat(copied.major()).isEqualTo(1);
    assertThat(copied.minor()).isEqualTo(3);
  }

  @Test
  void modesAndTimesAreKept() throws IOException {
    Path script = file(context, "m/script.sh", "#!/bin/sh\n", 04755);
    FileTime then = FileTime.fromMillis(1_704_067_200_000L);
    FileOps.setTimes(script, then, then);
    copy("/m/", "m");
    assertThat(meta(dest.resolve("m/script.sh"))).isEqualTo("FILE 4755 0:0");
    assertThat(Fs.attrs(dest.resolve("m/script.sh")).mtime()).isEqualTo(then);
  }

  @Test
  void contextFilesBecomeRootButStageFilesKeepTheirOwner() {
    Path f = file(context, "owned", "x");
    Fs.chown(f, 1234, 4321);
    copy("/from-context/", "owned");
    Copier.copy(CopyRequest.fromFilesystem(context, List.of("owned"), dest, "/from-stage/"));
    assertThat(meta(dest.resolve("from-context/owned"))).isEqualTo("FILE 644 0:0");
    assertThat(meta(dest.resolve("from-stage/owned"))).isEqualTo("FILE 644 1234:4321");
  }

  @Test
  void chownAppliesToEveryEntryAndToCreatedParents() {
    file(context, "dir/x", "x");
    file(context, "dir/sub/y", "y");
    symlink(context, "dir/sub/link", "y");
    Copier.copy(request("/c/dir/", "dir").withChown(new Owner(1000, 1000)));
    assertThat(meta(dest.resolve("c/dir/sub/link"))).isEqualTo("SYMLINK 777 1000:1000");
    assertThat(meta(dest.resolve("c"))).isEqualTo("DIRECTORY 755 1000:1000");
    assertThat(meta(dest.resolve("c/dir"))).isEqualTo("DIRECTORY 755 1000:1000");
    assertThat(meta(dest.resolve("c/dir/sub"))).isEqualTo("DIRECTORY 755 1000:1000");
    assertThat(meta(dest.resolve("c/dir/sub/y"))).isEqualTo("FILE 644 1000:1000");
  }

  @Test
  void chmodAppliesToCopiedFilesAndDirectoriesButNotToTheDestinationDirectory() {
    file(context, "dir/a", "a");
    file(context, "dir/sub/b", "b");
    Copier.copy(request("/d/", "dir").withChmod("0750"));
    assertThat(meta(dest.resolve("d"))).isEqualTo("DIRECTORY 755 0:0");
    assertThat(meta(dest.resolve("d/a"))).isEqualTo("FILE 750 0:0");
    assertThat(meta(dest.resolve("d/sub"))).isEqualTo("DIRECTORY 750 0:0");
    Copier.copy(request("/s/", "dir").withChmod("g+w,o-r"));
    assertThat(meta(dest.resolve("s/a"))).isEqualTo("FILE 660 0:0");
    assertThat(meta(dest.resolve("s/sub"))).isEqualTo("DIRECTORY 771 0:0");
  }

  @Test
  void inlineFilesAreMode0644AndTakeChownAndChmod() {
    Copier.copy(request("/hd/", new String[0]).withInlineFiles(List.of(new InlineFile("EOF", "hello\n"))));
    assertThat(read(dest.resolve("hd/EOF"))).isEqualTo("hello\n");
    assertThat(meta(dest.resolve("hd/EOF"))).isEqualTo("FILE 644 0:0");
    Copier.copy(request("/hd/named.txt", new String[0]).withInlineFiles(List.of(new InlineFile("EOT", "x")))
        .withChown(new Owner(7, 8)).withChmod("0600"));
    assertThat(meta(dest.resolve("hd/named.txt"))).isEqualTo("FILE 600 7:8");
  }

  // ---------------------------------------------------------------- filters

  @Test
  void dockerignoreHidesWhatItExcludesFromCopiesWildcardsAndLinks() throws IOException {
    file(context, "app.txt", "app");
    file(context, ".env", "SECRET");
    file(context, "secrets/db.txt", "pw");
    file(context, "config/server.pem", "pem");
    file(context, "config/app.yaml", "yaml");
    file(context, "keep.log", "keep");
    file(context, "debug.log", "debug");
    symlink(context, "sneaky", ".env");
    DockerIgnore ignore = DockerIgnore.parse(".env\n**/*.pem\nsecrets/\n*.log\n!keep.log\n", ".dockerignore");
    Copier.copy(CopyRequest.fromContext(context, ignore, List.of("."), dest, "/app/"));
    assertThat(Fs.exists(dest.resolve("app/app.txt"))).isTrue();
    assertThat(Fs.exists(dest.resolve("app/.env"))).isFalse();
    assertThat(Fs.exists(dest.resolve("app/secrets"))).isFalse();
    assertThat(Fs.exists(dest.resolve("app/config/server.pem"))).isFalse();
    assertThat(Fs.exists(dest.resolve("app/config/app.yaml"))).isTrue();
    assertThat(Fs.exists(dest.resolve("app/keep.log"))).isTrue();
    assertThat(Fs.exists(dest.resolve("app/debug.log"))).isFalse();
    assertThat(Fs.attrs(dest.resolve("app/sneaky")).isSymlink()).isTrue(); // the link itself is not excluded

    assertThatThrownBy(() -> Copier.copy(CopyRequest.fromContext(context, ignore, List.of(".env"), dest, "/x")))
        .isInstanceOf(CopyException.class).hasMessage("\"/.env\": not found (it is excluded by .dockerignore)");
    assertThatThrownBy(() -> Copier.copy(CopyRequest.fromContext(context, ignore, List.of("sneaky"), dest, "/x")))
        .isInstanceOf(CopyException.class).hasMessageStartingWith("\"/sneaky\": not found");
    Copier.copy(CopyRequest.fromContext(context, ignore, List.of("*.log"), dest, "/logs/"));
    try (Stream<Path> s = Files.list(dest.resolve("logs"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("keep.log");
    }
  }

  @Test
  void aReincludedFileKeepsItsExcludedParentDirectory() throws IOException {
    file(context, "docs/guide/intro.md", "intro");
    file(context, "docs/guide/notes.txt", "notes");
    dir(context, "docs/guide", 0700);
    DockerIgnore ignore = DockerIgnore.parse("docs\n!docs/guide/notes.txt\n", ".dockerignore");
    Copier.copy(CopyRequest.fromContext(context, ignore, List.of("."), dest, "/ctx/"));
    assertThat(Fs.exists(dest.resolve("ctx/docs/guide/notes.txt"))).isTrue();
    assertThat(Fs.exists(dest.resolve("ctx/docs/guide/intro.md"))).isFalse();
    assertThat(meta(dest.resolve("ctx/docs/guide"))).isEqualTo("DIRECTORY 700 0:0");
    Copier.copy(CopyRequest.fromContext(context, ignore, List.of("docs"), dest, "/only/"));
    assertThat(Fs.exists(dest.resolve("only/guide/notes.txt"))).isTrue();
  }

  @Test
  void excludePatternsMatchBelowEachSource() {
    file(context, "docs/keep.txt", "keep");
    file(context, "docs/notes.md", "n");
    file(context, "docs/deep/more.md", "m");
    file(context, "docs/deep/ok.txt", "ok");
    Copier.copy(request("/docs/", "docs").withExcludes(List.of("*.md")));
    assertThat(Fs.exists(dest.resolve("docs/notes.md"))).isFalse();
    assertThat(Fs.exists(dest.resolve("docs/deep/more.md"))).isTrue(); // dockerignore rules: *.md is top level
    Copier.copy(request("/all/", "docs").withExcludes(List.of("**/*.md", "deep")));
    assertThat(Fs.exists(dest.resolve("all/keep.txt"))).isTrue();
    assertThat(Fs.exists(dest.resolve("all/deep"))).isFalse();
  }

  @Test
  void parentsKeepTheSourceDirectoriesFromThePivot() {
    file(context, "x/a.txt", "x-a");
    file(context, "y/a.txt", "y-a");
    file(context, "y/b.txt", "y-b");
    file(context, "src/app/main.txt", "main");
    Copier.copy(request("/no_parents/", "./x/a.txt", "./y/a.txt"));
    Copier.copy(request("/parents/", "./x/a.txt", "./y/a.txt").withParents(true));
    Copier.copy(request("/pivot/", "src/./app/main.txt").withParents(true));
    Copier.copy(request("/wild/", "*/a.txt").withParents(true));
    assertThat(read(dest.resolve("no_parents/a.txt"))).isEqualTo("y-a");
    assertThat(read(dest.resolve("parents/x/a.txt"))).isEqualTo("x-a");
    assertThat(read(dest.resolve("parents/y/a.txt"))).isEqualTo("y-a");
    assertThat(Fs.exists(dest.resolve("parents/y/b.txt"))).isFalse();
    assertThat(read(dest.resolve("pivot/app/main.txt"))).isEqualTo("main");
    assertThat(Fs.exists(dest.resolve("pivot/src"))).isFalse();
    assertThat(read(dest.resolve("wild/y/a.txt"))).isEqualTo("y-a");
    assertThat(Fs.exists(dest.resolve("wild/src"))).isFalse();
    assertThatThrownBy(() -> Copier.copy(request("/p/", "x/missing.txt").withParents(true)))
        .isInstanceOf(CopyException.class).hasMessage("\"/x/missing.txt\": not found");
  }

  // ---------------------------------------------------------------- ADD

  private static List<Fs.Member> pkgArchive() {
    return List.of(
        Fs.Member.dir("pkg", 0755, 0, 0),
        Fs.Member.dir("pkg/bin", 0750, 1000, 1000),
        Fs.Member.file("pkg/bin/tool", "#!/bin/sh\necho tool\n", 0755, 1000, 1000),
        Fs.Member.file("pkg/README", "readme\n", 0644, 0, 0),
        Fs.Member.symlink("pkg/link", "README"),
        Fs.Member.hardlink("pkg/hard", "pkg/README"));
  }

  private void assertPkgUnpacked(Path root) {
    assertThat(meta(root.resolve("pkg"))).isEqualTo("DIRECTORY 755 0:0");
    assertThat(meta(root.resolve("pkg/bin"))).isEqualTo("DIRECTORY 750 1000:1000");
    assertThat(meta(root.resolve("pkg/bin/tool"))).isEqualTo("FILE 755 1000:1000");
    assertThat(Fs.attrs(root.resolve("pkg/link")).isSymlink()).isTrue();
    assertThat(Fs.attrs(root.resolve("pkg/hard")).ino()).isEqualTo(Fs.attrs(root.resolve("pkg/README")).ino());
  }

  @Test
  void addUnpacksPlainAndGzipTarsKeepingTheirOwnersAndModes() {
    byte[] tar = Fs.tar(pkgArchive());
    Fs.bytes(context, "archive.tar", tar);
    Fs.bytes(context, "bundle.tgz", Fs.gzip(tar));
    file(context, "notarchive.tar.gz", "this is plain text, not a gzip file\n");
    Copier.copy(request("/opt/", "archive.tar").withAdd(true));
    Copier.copy(request("/srv", "bundle.tgz").withAdd(true));
    Copier.copy(request("/raw/", "notarchive.tar.gz").withAdd(true));
    assertPkgUnpacked(dest.resolve("opt"));
    assertPkgUnpacked(dest.resolve("srv"));
    assertThat(meta(dest.resolve("raw/notarchive.tar.gz"))).isEqualTo("FILE 644 0:0");
    // COPY never unpacks.
    copy("/copied/", "archive.tar");
    assertThat(Fs.attrs(dest.resolve("copied/archive.tar")).isFile()).isTrue();
  }

  @Test
  void addUnpacksBzip2XzAndZstdThroughTheirTools() {
    byte[] tar = Fs.tar(pkgArchive());
    for (String tool : List.of("bzip2", "xz", "zstd")) {
      byte[] compressed = tool.equals("zstd") ? Fs.compressWith("zstd", tar) : Fs.compressWith(tool, tar);
      org.junit.jupiter.api.Assumptions.assumeTrue(compressed != null, tool + " is not installed");
      Fs.bytes(context, "a." + tool, compressed);
      Copier.copy(request("/" + tool + "/", "a." + tool).withAdd(true));
      assertPkgUnpacked(dest.resolve(tool));
    }
  }

  @Test
  void addChownOverridesTheArchiveOwners() {
    Fs.bytes(context, "archive.tar", Fs.tar(pkgArchive()));
    Copier.copy(request("/o/", "archive.tar").withAdd(true).withChown(new Owner(7, 7)).withChmod("0600"));
    assertThat(meta(dest.resolve("o"))).isEqualTo("DIRECTORY 755 7:7");
    assertThat(meta(dest.resolve("o/pkg/bin/tool"))).isEqualTo("FILE 755 7:7"); // --chmod does not apply
  }

  @Test
  void hostileArchivesAreRefused() {
    Fs.bytes(context, "climb.tar", Fs.tar(List.of(Fs.Member.file("../evil", "x", 0644, 0, 0))));
    assertThatThrownBy(() -> Copier.copy(request("/x/", "climb.tar").withAdd(true)))
        .isInstanceOf(CopyException.class)
        .hasMessage("ADD /climb.tar: archive path \"../evil\" is outside the extraction root");

    Fs.bytes(context, "escape.tar", Fs.tar(List.of(
        Fs.Member.symlink("up", "../../.."),
        Fs.Member.file("up/pwned", "x", 0644, 0, 0))));
    assertThatThrownBy(() -> Copier.copy(request("/y/", "escape.tar").withAdd(true)))
        .isInstanceOf(CopyException.class)
        .hasMessage("ADD /escape.tar: archive symlink \"up\" points outside the extraction root");
    assertThat(Fs.exists(dest.resolve("pwned"))).isFalse();
  }

  @Test
  void anAbsoluteSymlinkInAnArchiveStartsAtTheExtractionRoot() {
    Fs.bytes(context, "abs.tar", Fs.tar(List.of(
        Fs.Member.symlink("etc-link", "/etc"),
        Fs.Member.file("etc-link/conf", "c", 0644, 0, 0))));
    Copier.copy(request("/z/", "abs.tar").withAdd(true));
    assertThat(read(dest.resolve("z/etc/conf"))).isEqualTo("c");
  }

  @Test
  void remoteSourcesAreNotSupportedYet() {
    assertThatThrownBy(() -> Copier.copy(request("/x", "https://example.com/a.tar").withAdd(true)))
        .isInstanceOf(CopyException.class).hasMessageStartingWith("ADD https://example.com/a.tar: URLs and git");
    assertThatThrownBy(() -> copy("/x", "https://example.com/a.tar")).isInstanceOf(CopyException.class)
        .hasMessageStartingWith("source can't be a URL");
    assertThatThrownBy(() -> Copier.copy(request("/x", "https://bob:hunter22@example.com/a.tar?sig=abc123")
        .withAdd(true))).isInstanceOf(CopyException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22").doesNotContain("abc123"));
  }

  @Test
  void makeDirectoriesCreatesOnlyWhatIsMissingInsideTheRoot() {
    Path home = dir(dest, "home/app", 0750);
    Fs.chown(home, 1000, 1000);
    symlink(dest, "srv", "/home");
    Copier.makeDirectories(dest, "/srv/app/project", java.util.Optional.of(new Owner(1000, 1000)));
    assertThat(meta(dest.resolve("home/app"))).isEqualTo("DIRECTORY 750 1000:1000");
    assertThat(meta(dest.resolve("home/app/project"))).isEqualTo("DIRECTORY 755 1000:1000");
    Copier.makeDirectories(dest, "/opt/newroot", java.util.Optional.empty());
    assertThat(meta(dest.resolve("opt/newroot"))).isEqualTo("DIRECTORY 755 0:0");
    file(dest, "file", "x");
    assertThatThrownBy(() -> Copier.makeDirectories(dest, "/file/sub", java.util.Optional.empty()))
        .isInstanceOf(CopyException.class).hasMessage("cannot create directory /file/sub: /file is not a directory");
  }

  // ---------------------------------------------------------------- digest

  @Test
  void theSourceDigestIsTheSameWithoutCopyingAndIgnoresTimesButNotContentOrModes() throws IOException {
    Path a = file(context, "d/a", "one");
    file(context, "d/sub/b", "two");
    symlink(context, "d/link", "a");
    CopyResult copied = copy("/d/", "d");
    assertThat(copied.sourceDigest()).isEqualTo(Copier.digest(request("/d/", "d")));
    assertThat(copied.entries()).isEqualTo(5); // d/, a, link, sub/, sub/b
    assertThat(copied.bytes()).isEqualTo(6);

    FileOps.setTimes(a, FileTime.fromMillis(0), FileTime.fromMillis(0));
    assertThat(Copier.digest(request("/d/", "d"))).isEqualTo(copied.sourceDigest());
    Files.writeString(a, "ONE");
    assertThat(Copier.digest(request("/d/", "d"))).isNotEqualTo(copied.sourceDigest());
    Files.writeString(a, "one");
    FileOps.chmod(a, 0600);
    assertThat(Copier.digest(request("/d/", "d"))).isNotEqualTo(copied.sourceDigest());
    FileOps.chmod(a, 0644);
    assertThat(Copier.digest(request("/d/", "d"))).isEqualTo(copied.sourceDigest());
    assertThat(Copier.digest(request("/d/", "d").withExcludes(List.of("a"))))
        .isNotEqualTo(copied.sourceDigest());
  }
}
