package inferlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** environment/handin.py on a small git checkout with executed-notebook outputs in build/. */
class HandinTest {
    @TempDir
    Path root;

    private record Run(int exit, String out, String err) {}

    private Run handin(String... args) throws IOException, InterruptedException {
        String python = System.getenv().getOrDefault("INFERLAB_PYTHON", "/usr/bin/python3");
        List<String> command = new ArrayList<>(List.of(python, Project.home().resolve("environment/handin.py").toString(),
                "--root", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, err);
    }

    private void write(String path, String content) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent() == null ? root : f.getParent());
        Files.writeString(f, content);
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString(), "-c", "user.name=t", "-c", "user.email=t@t"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @BeforeEach
    void checkout() throws Exception {
        write("pom.xml", "<project/>");
        write("lib/pom.xml", "<project/>");
        write("lib/src/main/java/A.java", "class A {}");
        write("lib/.gitignore", "target/\n");
        write("notebooks/hw1-probability.ipynb", "{}");
        write("notebooks/hw2-decoding.ipynb", "{}");
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "fixture");
        write("lib/.env", "SECRET=1");                       // untracked dotfile
        write("lib/scratch.java", "// untracked");
        write("lib/target/classes/A.class", "x");
        for (String nb : List.of("hw1-probability", "hw2-decoding")) {
            write("build/notebooks/" + nb + ".ipynb", "{\"executed\": true}");
            write("build/html/" + nb + ".html", "<html>" + nb + "</html>");
        }
        write("build/html/mathjax/MathJax.js", "// mathjax");
        write("build/html/mathjax/jax/output/CommonHTML/jax.js", "// chtml");
        write("build/figures/hw2-decoding/01-entropy.png", "png");
        write("build/figures/hw1-probability/01-other.png", "png");
        write("report/report.pdf", "%PDF all");
        write("report/homework2.pdf", "%PDF hw2");
    }

    private static Set<String> names(Path zip) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Set<String> names = new TreeSet<>();
            z.stream().forEach(e -> names.add(e.getName()));
            return names;
        }
    }

    @Test
    void allInOneZipPacksTrackedSourcesNotebooksHtmlMathjaxAndReport() throws Exception {
        Run run = handin();
        assertEquals(0, run.exit(), run.err());
        assertEquals(new TreeSet<>(List.of("report.pdf", "code/pom.xml", "code/lib/pom.xml", "code/lib/src/main/java/A.java",
                "code/notebooks/hw1-probability.ipynb", "code/notebooks/hw1-probability.html",
                "code/notebooks/hw2-decoding.ipynb", "code/notebooks/hw2-decoding.html",
                "code/notebooks/mathjax/MathJax.js", "code/notebooks/mathjax/jax/output/CommonHTML/jax.js")),
                names(root.resolve("build/handin.zip")), "no dotfiles, untracked files or build output");
    }

    @Test
    void homeworkZipFollowsTheCourseLayout() throws Exception {
        Run run = handin("--homework", "2", "--id", "jdoe");
        assertEquals(0, run.exit(), run.err());
        Set<String> names = names(root.resolve("build/jdoe_homework2.zip"));
        assertTrue(names.containsAll(List.of("Homework2.pdf", "code-solutions/pom.xml", "code-solutions/lib/src/main/java/A.java",
                "code-solutions/notebooks/hw2-decoding.ipynb", "code-solutions/notebooks/hw2-decoding.html",
                "code-solutions/notebooks/mathjax/MathJax.js", "viz/01-entropy.png")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("hw1-probability") || n.contains("01-other") || n.contains(".env")), names.toString());
        assertEquals("hw2-decoding\n", handin("--notebooks", "--homework", "2", "--id", "jdoe").out());
    }

    @Test
    void aPreviousZipIsKeptUnderItsTimeNeverOverwritten() throws Exception {
        assertEquals(0, handin("--without-report").exit());
        Path first = root.resolve("build/handin.zip");
        byte[] firstBytes = Files.readAllBytes(first);
        Run second = handin();
        assertEquals(0, second.exit(), second.err());
        Run third = handin();
        assertEquals(0, third.exit(), third.err());
        List<Path> kept;
        try (Stream<Path> files = Files.list(root.resolve("build"))) {
            kept = files.filter(f -> f.getFileName().toString().matches("handin-\\d{8}-\\d{6}(-\\d+)?\\.zip")).sorted().toList();
        }
        assertEquals(2, kept.size(), "two earlier zips kept: " + kept + "\n" + second.out() + third.out());
        assertTrue(kept.stream().anyMatch(k -> {
            try {
                return java.util.Arrays.equals(firstBytes, Files.readAllBytes(k));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }), "the first zip survives unchanged");
        assertTrue(second.out().contains("kept the previous handin.zip as handin-"), second.out());
    }

    @Test
    void badArgumentsAndMissingInputsFailWithOneErrorLine() throws Exception {
        Files.delete(root.resolve("report/report.pdf"));
        for (String[] args : List.of(new String[] {}, new String[] {"--homework", "2"}, new String[] {"--homework", "9", "--id", "x"},
                new String[] {"--homework", "2", "--id", "a b"}, new String[] {"--id", "x"}, new String[] {"--homework", "3", "--id", "x"},
                new String[] {"--bogus"})) {
            Run run = handin(args);
            assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith("handin: error: ") && run.err().strip().lines().count() == 1, run.err());
        }
        try (Stream<Path> files = Files.list(root.resolve("build"))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".zip")), "nothing written");
        }
    }
}
