package io.ticketflow.gateway.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.platform.web.Problems;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request line or headers too long for the HTTP decoder never reach Spring: Reactor Netty answers them itself
 * (414, 431, or 400 for an unreadable request) with an empty body and closes the connection. This handler gives
 * those answers the problem+json body every other error has. Hand-made because Reactor Netty offers no hook for
 * them; it only touches an empty, content-type-less answer that closes the connection, which the application
 * never writes.
 */
@Component
class DecodingFailureProblems implements NettyServerCustomizer {

    static final String HANDLER_NAME = "ticketflow.decodingFailureProblems";

    private static final Rewriter REWRITER = new Rewriter();

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER_NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, REWRITER);
            }
        });
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.REQUEST_HEADERS_TOO_LARGE;
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            default -> null;
        };
    }

    static byte[] body(ErrorCode code) {
        HttpStatus status = HttpStatus.valueOf(code.status());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.TYPE_BASE + code.name().toLowerCase().replace('_', '-'));
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", switch (code) {
            case URI_TOO_LONG -> "The request line (method, path and query) is longer than the server accepts";
            case REQUEST_HEADERS_TOO_LARGE -> "The request headers are larger than the server accepts";
            default -> "The request could not be read as HTTP";
        });
        problem.put("code", code.name());
        return Json.write(problem);
    }

    @ChannelHandler.Sharable
    static final class Rewriter extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof FullHttpResponse response && isDecodingFailure(response)) {
                byte[] body = body(codeFor(response.status().code()));
                FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
                response.release();
                problem.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                super.write(ctx, problem, promise);
                return;
            }
            super.write(ctx, msg, promise);
        }

        private static boolean isDecodingFailure(FullHttpResponse response) {
            return codeFor(response.status().code()) != null
                    && response.content().readableBytes() == 0
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                    && response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        }
    }
}
