package inferlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors file format: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor
 * name to {@code {dtype, shape, data_offsets: [begin, end]}} (offsets relative to the end of the header),
 * then the raw little-endian tensor bytes.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Reads every tensor of {@code file} into {@code manager}, converting F16 and BF16 to fp32. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > 100_000_000 || 8 + headerLen > ch.size()) {
                throw new IllegalArgumentException(file + " is not a safetensors file (header length " + headerLen + ")");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonObject header = JsonParser.parseString(new String(headerBuf.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            long base = 8 + headerLen;
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) continue;
                JsonObject t = e.getValue().getAsJsonObject();
                String dtype = t.get("dtype").getAsString();
                long[] shape = new long[t.getAsJsonArray("shape").size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.getAsJsonArray("shape").get(i).getAsLong();
                    count *= shape[i];
                }
                long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
                int width = switch (dtype) {
                    case "F32" -> 4;
                    case "F16", "BF16" -> 2;
                    default -> throw new IllegalArgumentException(
                            file + ": tensor " + e.getKey() + " has unsupported dtype " + dtype);
                };
                if (begin < 0 || end - begin != count * width) {
                    throw new IllegalArgumentException(file + ": tensor " + e.getKey() + " has " + (end - begin)
                            + " bytes for shape " + new Shape(shape) + " of " + dtype);
                }
                if (base + end > ch.size()) {
                    throw new IllegalArgumentException(file + " is truncated: tensor " + e.getKey() + " ends at byte "
                            + (base + end) + " but the file has " + ch.size());
                }
                // copied through the Java heap: the engine would alias (not copy) a mapped or direct buffer
                ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, data, base + begin);
                data.flip();
                out.put(e.getKey(), manager.create(toFloats(data, dtype, (int) count), new Shape(shape)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalStateException | com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(file + ": malformed safetensors header: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes {@code tensors} as fp32, in the map's order. */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        JsonObject header = new JsonObject();
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "pt");
        header.add("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : e.getValue().getShape().getShape()) shape.add(d);
            t.add("shape", shape);
            com.google.gson.JsonArray offsets = new com.google.gson.JsonArray();
            offsets.add(offset);
            offset += 4 * e.getValue().size();
            offsets.add(offset);
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // keeps tensor data 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(head.flip());
            for (NDArray a : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * (int) a.size()).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(a.toFloatArray());
                while (b.hasRemaining()) ch.write(b);
            }
        }
    }

    private static float[] toFloats(ByteBuffer data, String dtype, int count) {
        float[] out = new float[count];
        switch (dtype) {
            case "F32" -> data.asFloatBuffer().get(out);
            case "BF16" -> {
                for (int i = 0; i < count; i++) out[i] = Float.intBitsToFloat((data.getShort() & 0xffff) << 16);
            }
            default -> {
                for (int i = 0; i < count; i++) out[i] = halfToFloat(data.getShort());
            }
        }
        return out;
    }

    /** IEEE binary16 -> binary32: sign, 5-bit exponent (bias 15), 10-bit mantissa. */
    static float halfToFloat(short h) {
        int sign = (h >> 15) & 1;
        int exp = (h >> 10) & 0x1f;
        int mant = h & 0x3ff;
        float magnitude;
        if (exp == 0) {
            magnitude = mant * 0x1p-24f; // subnormal
        } else if (exp == 31) {
            magnitude = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
        }
        return sign == 0 ? magnitude : -magnitude;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) throw new IOException("unexpected end of file");
        }
    }
}
