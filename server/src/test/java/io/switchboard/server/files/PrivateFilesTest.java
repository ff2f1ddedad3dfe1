package io.switchboard.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_file_or_directory_open_to_others_gets_one_warning_naming_it_and_the_fix() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX file modes");
        Path data = dir.resolve("data");
        PrivateFiles.createFile(data.resolve("switchboard.db"));
        PrivateFiles.createFile(data.resolve("signing-key"));
        List<Path> paths = List.of(data, data.resolve("switchboard.db"), data.resolve("signing-key"), data.resolve("absent"));
        assertThat(PrivateFiles.openToOthers(paths)).isEmpty();

        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("switchboard.db"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(PrivateFiles.openToOthers(paths)).containsExactly(
                data + " is rwxr-xr-x: other users of this machine can list and read it; chmod 700 " + data,
                data.resolve("switchboard.db") + " is rw-r--r--: other users of this machine can read it; chmod 600 "
                        + data.resolve("switchboard.db"));
    }

    @Test
    void an_existing_file_keeps_its_content_and_mode() throws Exception {
        Path file = dir.resolve("kept");
        Files.writeString(file, "content");
        PrivateFiles.createFile(file);
        assertThat(Files.readString(file)).isEqualTo("content");
    }
}
