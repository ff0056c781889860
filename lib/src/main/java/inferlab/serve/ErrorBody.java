package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server says went wrong, in whichever shape it says it. The OpenAI API, llama.cpp's server and vLLM (since
 * its errors moved under {@code "error"}) nest it: {@code {"error": {"message": ...}}}; older vLLM and SGLang send it
 * flat: {@code {"object": "error", "message": ...}}; vLLM's API-key check and TGI give a string:
 * {@code {"error": "Unauthorized"}}; older llama.cpp streams {@code {"code", "message", "type"}} alone in an
 * {@code error:} event; FastAPI's own 404 and 422 (vLLM's and SGLang's web framework) say {@code {"detail": ...}};
 * a proxy in front sends plain text or an HTML page.
 */
final class ErrorBody {
    private static final int MAX_CHARS = 300;

    private ErrorBody() {}

    /** The message in an error body, or the body itself on one line, shortened, when it holds no message. */
    static String message(String body) {
        try {
            JsonElement e = JsonParser.parseString(body);
            String m = of(e);
            if (m == null && e.isJsonObject()) m = flat(e.getAsJsonObject());
            if (m != null) return shorten(m);
        } catch (RuntimeException notJson) {
            // a proxy's page or plain text: said as it is
        }
        String text = body.startsWith("<") ? body.replaceAll("<[^>]*>", " ") : body; // an HTML page's words
        text = text.replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "(no message)" : shorten(text);
    }

    /**
     * The message when {@code e} is an error object (nested, flat with {@code "object": "error"}, or a string under
     * {@code "error"}), else null: how an error is told from an answer in a 200 body or a stream.
     */
    static String of(JsonElement e) {
        if (e == null || !e.isJsonObject()) return null;
        JsonObject o = e.getAsJsonObject();
        JsonElement error = o.get("error");
        if (error != null && !error.isJsonNull()) {
            if (error.isJsonObject()) {
                String m = string(error.getAsJsonObject().get("message"));
                return m != null ? m : error.toString();
            }
            return error.isJsonPrimitive() ? error.getAsString() : error.toString();
        }
        if ("error".equals(string(o.get("object")))) {
            String m = string(o.get("message"));
            return m != null ? m : o.toString();
        }
        return null;
    }

    /** A bare {@code "message"} (older llama.cpp's stream error) or FastAPI's {@code "detail"}. */
    private static String flat(JsonObject o) {
        String m = string(o.get("message"));
        if (m != null) return m;
        JsonElement detail = o.get("detail");
        if (detail == null) return null;
        if (!detail.isJsonArray()) return string(detail) != null ? string(detail) : detail.toString();
        List<String> parts = new ArrayList<>(); // 422: [{"loc": ["body", "prompt"], "msg": "Field required"}, ...]
        for (JsonElement d : detail.getAsJsonArray()) {
            if (!d.isJsonObject()) continue;
            String msg = string(d.getAsJsonObject().get("msg"));
            JsonElement loc = d.getAsJsonObject().get("loc");
            String where = loc != null && loc.isJsonArray() ? String.join(".", loc.getAsJsonArray().asList().stream()
                    .map(JsonElement::getAsString).toList()) : null;
            if (msg != null) parts.add(where == null ? msg : where + ": " + msg);
        }
        return parts.isEmpty() ? detail.toString() : String.join("; ", parts);
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "...";
    }
}
