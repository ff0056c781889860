package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --out}'s directory: replaced only when ours, only at the end, and nothing else is touched. */
class OutputDirectoryTest {

    /** What a trainer does: its checkpoint scheme (a .tmp sibling renamed over the model) inside the scratch area. */
    static void train(OutputDirectory out, String weights) throws IOException {
        Path model = out.scratch();
        Path tmp = model.resolveSibling(model.getFileName() + ".tmp");
        Files.createDirectories(tmp);
        Files.writeString(tmp.resolve("model.safetensors"), weights);
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("sub/log.csv"), "step\n1\n");
        Files.createDirectories(model.getParent());
        if (Files.exists(model)) Files.move(model, model.resolveSibling(model.getFileName() + ".old"));
        Files.move(tmp, model);
    }

    static Path siblings(Path dir) throws IOException {
        Files.createDirectories(dir.resolveSibling("model.old"));
        Files.writeString(dir.resolveSibling("model.old/keep.txt"), "old");
        Files.writeString(dir.resolveSibling("model.tmp"), "tmp");
        return dir;
    }

    static void siblingsIntact(Path dir) throws IOException {
        assertEquals("old", Files.readString(dir.resolveSibling("model.old/keep.txt")));
        assertEquals("tmp", Files.readString(dir.resolveSibling("model.tmp")));
    }

    @Test
    void aNewDirectoryIsPublishedWholeAndTheSiblingsStay(@TempDir Path tmp) throws IOException {
        Path dir = siblings(tmp.resolve("model"));
        OutputDirectory out = OutputDirectory.claim(dir);
        assertFalse(Files.exists(dir), "nothing appears at the target before the model is complete");
        train(out, "w1");
        train(out, "w2"); // a second checkpoint replaces the first inside the area
        assertFalse(Files.exists(dir));
        out.publish();
        assertEquals("w2", Files.readString(dir.resolve("model.safetensors")));
        assertEquals("step\n1\n", Files.readString(dir.resolve("sub/log.csv")));
        assertFalse(Files.exists(tmp.resolve("model.training")), "the work area is gone");
        siblingsIntact(dir);

        OutputDirectory nested = OutputDirectory.claim(tmp.resolve("runs/7/model"));
        train(nested, "w3");
        nested.publish();
        assertEquals("w3", Files.readString(tmp.resolve("runs/7/model/model.safetensors")));
    }

    @Test
    void ourOwnModelIsKeptUntilTheNewOneIsCompleteThenReplaced(@TempDir Path tmp) throws IOException {
        Path dir = siblings(tmp.resolve("model"));
        OutputDirectory first = OutputDirectory.claim(dir);
        train(first, "w1");
        first.publish();
        OutputDirectory second = OutputDirectory.claim(dir);
        train(second, "w2");
        assertEquals("w1", Files.readString(dir.resolve("model.safetensors")), "the previous model stays until publish");
        second.publish();
        assertEquals("w2", Files.readString(dir.resolve("model.safetensors")));
        siblingsIntact(dir);
    }

    @Test
    void aDirectoryTrainingDidNotWriteIsRefusedAndUntouched(@TempDir Path tmp) throws IOException {
        Path dir = siblings(tmp.resolve("model"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("precious.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(dir));
        assertTrue(e.getMessage().contains("not empty and inferlab train did not write it"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("precious.txt")));
        assertFalse(Files.exists(tmp.resolve("model.training")), "a refused claim creates nothing");
        siblingsIntact(dir);

        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(file));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aFileAddedToOurModelIsNeverDeleted(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        OutputDirectory first = OutputDirectory.claim(dir);
        train(first, "w1");
        first.publish();
        Files.writeString(dir.resolve("README.md"), "my notes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(dir));
        assertTrue(e.getMessage().contains("did not write (README.md)"), e.getMessage());
        Files.delete(dir.resolve("README.md"));

        // added while training ran: the publish refuses, the new model waits in the area, the old one is whole
        OutputDirectory second = OutputDirectory.claim(dir);
        train(second, "w2");
        Files.writeString(dir.resolve("sub/precious.txt"), "mine");
        e = assertThrows(IllegalArgumentException.class, second::publish);
        assertTrue(e.getMessage().contains("sub/precious.txt") && e.getMessage().contains("the new model waits in "
                + second.scratch()), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("sub/precious.txt")));
        assertEquals("w1", Files.readString(dir.resolve("model.safetensors")));
        assertEquals("w2", Files.readString(second.scratch().resolve("model.safetensors")));
    }

    @Test
    void aWorkAreaTrainingDidNotMakeIsRefused(@TempDir Path tmp) throws IOException {
        Path area = tmp.resolve("model.training");
        Files.createDirectories(area);
        Files.writeString(area.resolve("data.bin"), "someone else's");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputDirectory.claim(tmp.resolve("model")));
        assertTrue(e.getMessage().contains("inferlab train did not make it"), e.getMessage());
        assertEquals("someone else's", Files.readString(area.resolve("data.bin")));
    }

    @Test
    void aPublishCutOffBetweenItsRenamesIsCompletedByTheNextClaim(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        OutputDirectory first = OutputDirectory.claim(dir);
        train(first, "w1");
        first.publish();
        OutputDirectory second = OutputDirectory.claim(dir);
        train(second, "w2");
        Files.move(dir, tmp.resolve("model.training/previous")); // publish's first rename, then the process died
        OutputDirectory third = OutputDirectory.claim(dir);
        assertEquals("w1", Files.readString(dir.resolve("model.safetensors")), "the previous model is back");
        assertEquals("w2", Files.readString(third.scratch().resolve("model.safetensors")), "the checkpoint is kept");
    }

    @Test
    void aRunDirectoryIsOursOrNewAndApartFromTheTarget(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("model");
        for (String run : new String[] {"model", "model/run", "model.training/run", "."}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputDirectory.claim(dir, tmp.resolve(run)));
            assertTrue(e.getMessage().contains("overlaps --out"), run + ": " + e.getMessage());
        }
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp);
        assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(dir, link.resolve("model/run")));

        Path mine = Files.createDirectories(tmp.resolve("mine/checkpoint")).getParent();
        Files.writeString(mine.resolve("checkpoint/notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(dir, mine));
        assertTrue(e.getMessage().contains("--run " + mine + " is not empty and inferlab train did not make it"),
                e.getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(dir, file));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        assertEquals("mine", Files.readString(mine.resolve("checkpoint/notes.txt")));
        assertEquals("x", Files.readString(file));
        assertFalse(Files.exists(dir) || Files.exists(tmp.resolve("model.training")), "a refused claim creates nothing");

        // a new run directory is marked, so that the next training recognizes it and resumes
        Path run = tmp.resolve("runs/a");
        assertEquals(run, OutputDirectory.claim(dir, run).run());
        Files.createDirectories(run.resolve("checkpoint"));
        Files.writeString(run.resolve("checkpoint/state.json"), "{}");
        assertEquals(run, OutputDirectory.claim(dir, run).run());
        // one from before the marker: only the trainer's files, with a checkpoint it wrote
        Path old = Files.createDirectories(tmp.resolve("runs/old/checkpoint")).getParent();
        Files.writeString(old.resolve("checkpoint/state.json"), "{}");
        Files.writeString(old.resolve("tokenizer.json"), "{}");
        assertEquals(old, OutputDirectory.claim(dir, old).run());
        assertTrue(Files.isRegularFile(old.resolve(OutputDirectory.MARKER)));
    }
}
