package inferlab;

import inferlab.model.Transformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The HF reference fixtures as the tests need them. */
public final class Fixtures {
    private Fixtures() {}

    /** {@code hf-reference/} among the test resources. */
    public static Path reference() {
        try {
            return Path.of(Fixtures.class.getResource("/hf-reference").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tiny random Llama with the fixture's byte-level BPE tokenizer beside it, as one model directory (the
     * fixture keeps them apart), so text-in, text-out code runs on a real transformer.
     */
    public static Transformer tinyLlamaWithTokenizer() {
        return tinyLlamaWithTokenizer(null);
    }

    /** The tiny Llama with its sessions on {@code cache} (null for the default; naming one selects the DJL engine). */
    public static Transformer tinyLlamaWithTokenizer(inferlab.cache.KvCache.Factory cache) {
        try {
            Path ref = reference();
            Path dir = Files.createTempDirectory("llama-tiny");
            dir.toFile().deleteOnExit();
            try (var files = Files.list(ref.resolve("models/llama-tiny"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                    dir.resolve(f.getFileName()).toFile().deleteOnExit();
                }
            }
            Files.copy(ref.resolve("tokenizer/tokenizer.json"), dir.resolve("tokenizer.json"));
            dir.resolve("tokenizer.json").toFile().deleteOnExit();
            return cache == null ? Transformer.load(dir) : Transformer.load(dir, cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
