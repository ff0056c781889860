package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Project;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bin/inferlab itself: JVM options it cannot use and a JVM out of memory end with one error line and exit 2. */
class LauncherTest {

    /** Exit code, stdout and stderr of {@code bin/inferlab generate} on the embedded model with these JVM options. */
    static String[] generate(String javaOptions) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Project.home().resolve("bin/inferlab").toString(), "generate",
                "--ids", "1,2", "--max-new-tokens", "1");
        pb.environment().put("INFERLAB_JAVA_OPTS", javaOptions);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    /** The run ended with exit code 2, no output and one error line that starts with {@code start} and names {@code named}. */
    static void oneErrorLine(String[] r, String start, String named) {
        assertEquals("2", r[0], r[2]);
        assertEquals("", r[1]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith(start) && r[2].contains(named), r[2]);
    }

    @Test
    void optionsTheJvmRefusesAreOneErrorLine() throws Exception {
        oneErrorLine(generate("-Xnonsense"), "error: INFERLAB_JAVA_OPTS", "-Xnonsense");
    }

    @Test
    void aModelLargerThanTheJvmMayHoldIsOneErrorLine() throws Exception {
        // the embedded target's 15 MB of weights go into DJL's direct buffers: 1 MB cannot hold them
        oneErrorLine(generate("-XX:MaxDirectMemorySize=1m"), "error: out of memory", "INFERLAB_JAVA_OPTS");
        // and the same launcher runs the model when nothing is in the way
        String[] ok = generate("-Xss4m");
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].startsWith("{\"sequences\":[["), ok[1]);
    }
}
