package inferlab.model;

import inferlab.Project;
import inferlab.cache.KvCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds models: a directory, or a hub name ({@code ORG/NAME}) in the local Hugging Face cache. Nothing is
 * downloaded.
 *
 * <p>The cache is {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}; a model
 * lives in {@code models--ORG--NAME/snapshots/<revision>/}, the revision named by {@code refs/main} when present.
 */
public final class Models {
    private Models() {}

    /** Loads a model directory or a cached hub model. */
    public static Transformer load(String dirOrName) {
        return Transformer.load(resolve(dirOrName, hubCache()));
    }

    /** As {@link #load(String)}, with sessions whose caches {@code cacheFactory} makes. */
    public static Transformer load(String dirOrName, KvCache.Factory cacheFactory) {
        return Transformer.load(resolve(dirOrName, hubCache()), cacheFactory);
    }

    /** The course's model: {@code $INFERLAB_MODEL} (directory or hub name), else {@link #target()}. */
    public static Transformer defaultModel() {
        return Transformer.load(defaultDir());
    }

    /** The directory of {@link #defaultModel()}. */
    public static Path defaultDir() {
        String env = System.getenv("INFERLAB_MODEL");
        return env != null && !env.isBlank() ? resolve(env, hubCache()) : targetDir();
    }

    /** The embedded target model, {@code data/models/target}, whatever {@code $INFERLAB_MODEL} says. */
    public static Transformer target() {
        return Transformer.load(targetDir());
    }

    /** The embedded draft model, {@code data/models/draft}: the target's small sibling with its tokenizer. */
    public static Transformer draft() {
        return Transformer.load(draftDir());
    }

    /** The directory of {@link #target()}. */
    public static Path targetDir() {
        return Project.data().resolve("models/target");
    }

    /** The directory of {@link #draft()}. */
    public static Path draftDir() {
        return Project.data().resolve("models/draft");
    }

    /** The hub cache directory the environment selects. */
    public static Path hubCache() {
        String hubCache = System.getenv("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) return Path.of(hubCache);
        String home = System.getenv("HF_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "hub");
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    /** The directory {@code dirOrName} names: itself if it is a directory, else its snapshot in {@code hubCache}. */
    public static Path resolve(String dirOrName, Path hubCache) {
        // Path.of("") is the working directory, which would be read as a model directory without a name
        if (dirOrName.isBlank()) throw new IllegalArgumentException("the model directory or hub name is empty");
        Path direct = Path.of(dirOrName);
        if (Files.isDirectory(direct)) return direct;
        String[] parts = dirOrName.split("/");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(Files.exists(direct)
                    ? "model directory " + dirOrName + " is a file: give the directory that holds config.json and the weights"
                    : "model directory " + dirOrName + " does not exist (and it is not a hub name ORG/NAME to look up in "
                            + hubCache + ")");
        }
        Path repo = hubCache.resolve("models--" + parts[0] + "--" + parts[1]);
        Path snapshots = repo.resolve("snapshots");
        Path ref = repo.resolve("refs").resolve("main");
        try {
            if (Files.isRegularFile(ref)) {
                Path snapshot = snapshots.resolve(Files.readString(ref).trim());
                if (Files.isDirectory(snapshot)) return snapshot;
                throw new IllegalArgumentException("model " + dirOrName + ": " + ref + " names snapshot " + snapshot
                        + ", which does not exist");
            }
            if (Files.isDirectory(snapshots)) {
                try (Stream<Path> s = Files.list(snapshots)) {
                    List<Path> all = s.filter(Files::isDirectory)
                            .sorted(Comparator.comparing(Models::modified).reversed()).toList();
                    if (!all.isEmpty()) return all.get(0);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hub cache entry " + repo + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("model " + dirOrName + " not found: no directory " + direct.toAbsolutePath()
                + " and no snapshot in " + snapshots + " (hub cache from HF_HUB_CACHE, else HF_HOME/hub, else"
                + " ~/.cache/huggingface/hub)");
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
