package inferlab.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches the routes (a malformed request line, headers over the
 * size limit, an ambiguous path such as {@code //v1/completions}), in the API's error shape rather than Jetty's HTML
 * page: a client parsing {@code {"error": {...}}} gets one for every 4xx and 5xx of this server.
 */
final class ApiErrorHandler extends ErrorHandler {

    /** Every method's: Jetty's default gives a body to GET, POST and HEAD only (a PUT or CONNECT got none). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        OpenAiServer.error(response, callback, code, reason(code, message));
    }

    /** Errors in parsing the request head, answered before there is a request object. */
    @Override
    public ByteBuffer badMessageError(int code, String message, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        byte[] body = OpenAiJson.errorJson(code, reason(code, message)).toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.wrap(body);
    }

    private static String reason(int code, String message) {
        return message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    }
}
