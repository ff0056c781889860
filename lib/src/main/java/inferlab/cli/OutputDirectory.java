package inferlab.cli;

import inferlab.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory {@code train --out DIR} fills, handled so that training never destroys what it did not create.
 *
 * <ul>
 *   <li>{@link #claim} refuses DIR unless it is absent, empty, or a model this class published: such a model holds a
 *       marker file listing every file it was published with, and any other file in it (a note, a model card) makes
 *       the claim fail, naming that file.
 *   <li>Training writes into {@link #scratch()}, inside the sibling work area {@code DIR.training} (also marked), so
 *       whatever the trainer writes next to its checkpoint stays in the area. DIR keeps the previous model meanwhile.
 *   <li>{@link #publish} swaps the finished model in by two renames in one parent directory, so DIR is always a whole
 *       model, except for the instant between them; a publish cut off there is completed by the next claim.
 * </ul>
 * No other path is touched: an existing {@code DIR.old}, {@code DIR.tmp} or an unmarked {@code DIR.training} stays
 * as it is (the last makes the claim fail). A training run cut off leaves its area, whose checkpoint a resuming
 * trainer may continue from; the next claim keeps it. A run directory given instead of the area ({@code --run}) is
 * held to the same rule: absent, empty or marked (then the marker is added), and apart from DIR and its area.
 */
public final class OutputDirectory {
    /** The marker: in a published model, the list of its files (one relative path per line); empty in an area. */
    static final String MARKER = ".inferlab-train";

    private final Path dir;
    private final Path area;
    private final Path run;

    private OutputDirectory(Path dir, Path run) {
        this.dir = dir;
        this.area = dir.resolveSibling(dir.getFileName() + ".training");
        this.run = run != null ? run.toAbsolutePath().normalize() : area;
    }

    /** {@link #claim(Path, Path)} with the work area as the run directory. */
    public static OutputDirectory claim(Path dir) throws IOException {
        return claim(dir, null);
    }

    /**
     * Checks that training may replace {@code dir} and checkpoint into {@code run} (null: the work area), then
     * prepares both; nothing of anyone else's is touched, and a refused claim creates nothing.
     */
    public static OutputDirectory claim(Path dir, Path run) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (absolute.getParent() == null) throw new IllegalArgumentException("--out must name a directory below a parent");
        OutputDirectory out = new OutputDirectory(absolute, run);
        if (!out.run.equals(out.area)) out.checkRun();
        if (Files.exists(out.area, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(out.area) || !Files.isRegularFile(out.area.resolve(MARKER))) {
                throw new IllegalArgumentException(out.area + " exists and inferlab train did not make it: move it away"
                        + " or choose another --out");
            }
            out.finishInterruptedPublish();
        }
        out.checkReplaceable();
        for (Path p : new Path[] {out.area, out.run}) {
            if (!Files.isRegularFile(p.resolve(MARKER))) {
                Files.createDirectories(p);
                Files.writeString(p.resolve(MARKER), "");
            }
        }
        return out;
    }

    /**
     * The directory the trainer checkpoints into and resumes from: {@code --run}, else the work area next to the
     * target ({@code DIR.training}), dropped on publish.
     */
    public Path run() {
        return run;
    }

    /** Where the finished model is put, to be published; its siblings in the area are scratch too. */
    public Path scratch() {
        return area.resolve("model");
    }

    /** The directory the model is published to. */
    public Path target() {
        return dir;
    }

    /** Moves the finished model from {@link #scratch()} to the target, then drops the previous model and the area. */
    public void publish() throws IOException {
        Path model = scratch();
        if (!Files.isDirectory(model)) throw new IllegalStateException("nothing to publish: " + model + " does not exist");
        try {
            checkReplaceable(); // again: someone may have put a file into the target while training ran
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; the new model waits in " + model, e);
        }
        List<String> files = files(model);
        Files.write(model.resolve(MARKER), files, StandardCharsets.UTF_8);
        Path previous = area.resolve("previous");
        if (Files.exists(dir)) Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
        Files.move(model, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(area);
    }

    /** Fails unless the target is absent, empty, or a published model holding only the files it was published with. */
    private void checkReplaceable() throws IOException {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a directory: choose another --out");
        List<String> present = files(dir);
        if (present.isEmpty()) return;
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            throw new IllegalArgumentException(dir + " is not empty and inferlab train did not write it: choose an empty"
                    + " or new --out");
        }
        Set<String> ours = new HashSet<>(Files.readAllLines(marker, StandardCharsets.UTF_8));
        List<String> foreign = present.stream().filter(f -> !ours.contains(f)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds " + foreign.size() + " file(s) inferlab train did not write ("
                    + String.join(", ", foreign.subList(0, Math.min(3, foreign.size()))) + "): move them away first");
        }
    }

    /**
     * Fails unless {@code --run} lies apart from the target and its area (the publish would meet the checkpoints, or
     * the trainer's renames the model) and is absent, empty, or a run directory of train: marked, or from before
     * the marker, holding only the trainer's files with a checkpoint it wrote.
     */
    private void checkRun() throws IOException {
        Path r = real(run);
        for (Path p : new Path[] {real(dir), real(area)}) {
            if (r.startsWith(p) || p.startsWith(r)) {
                throw new IllegalArgumentException("--run " + run + " overlaps --out " + dir + " or its work area " + area
                        + ": give --run a directory of its own");
            }
        }
        if (!Files.exists(run)) return;
        if (!Files.isDirectory(run)) throw new IllegalArgumentException("--run " + run + " is not a directory");
        if (Files.isRegularFile(run.resolve(MARKER))) return;
        Set<String> trainers = Set.of("tokenizer.json", "tokenizer.json.tmp", Trainer.CHECKPOINT, Trainer.CHECKPOINT + ".tmp",
                Trainer.CHECKPOINT + ".old");
        try (Stream<Path> entries = Files.list(run)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            if (names.isEmpty() || trainers.containsAll(names)
                    && Files.isRegularFile(run.resolve(Trainer.CHECKPOINT).resolve(Trainer.STATE))) return;
        }
        throw new IllegalArgumentException("--run " + run + " is not empty and inferlab train did not make it: choose"
                + " an empty or new --run, or the run directory of an earlier training");
    }

    /** {@code p} with the symbolic links of its existing part resolved, to compare where paths really lead. */
    private static Path real(Path p) throws IOException {
        Path existing = p;
        while (!Files.exists(existing)) existing = existing.getParent();
        return existing.toRealPath().resolve(existing.relativize(p));
    }

    /**
     * A publish cut off between its renames left the previous model in the area: put it back when the target is
     * missing, else (the new model is in place) it is an old model of ours and goes.
     */
    private void finishInterruptedPublish() throws IOException {
        Path previous = area.resolve("previous");
        if (!Files.exists(previous)) return;
        if (Files.exists(dir)) {
            deleteRecursively(previous);
        } else {
            Files.move(previous, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Relative paths of the regular files under {@code root}, without the marker, sorted. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString()).filter(f -> !f.equals(MARKER)).sorted().toList();
        }
    }

    /** Deletes a tree of the work area, without following links out of it. */
    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
