package inferlab.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves a {@link Transformer} as a Hugging Face model directory: {@code config.json} plus {@code model.safetensors}
 * with the HF tensor names, fp32. {@link Transformer#load} and transformers' {@code from_pretrained} read it back.
 */
public final class CheckpointWriter {
    private CheckpointWriter() {}

    public static void write(Transformer model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), model.config().toJson() + "\n");
        Safetensors.write(dir.resolve("model.safetensors"), model.parameters());
    }
}
