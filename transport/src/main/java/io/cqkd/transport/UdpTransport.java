package io.cqkd.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real UDP sockets on Netty. One instance owns one event-loop group, shared by every node of the
 * JVM; each endpoint's channel is registered on one loop of the group and stays there, so a node's
 * state is confined to that loop's thread.
 */
public final class UdpTransport implements Transport {
    /** Largest UDP payload over IPv4; reading whole datagrams lets the node count oversize ones. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    private final EventLoopGroup group;
    private final boolean nativeEpoll;
    private final TransportStats stats = new TransportStats();
    private final int socketBufferBytes;

    /**
     * @param threads event-loop threads for all endpoints; the number of cores is right for most uses
     * @param socketBufferBytes SO_RCVBUF/SO_SNDBUF request per socket (the kernel may cap it); large
     *     enough to absorb the burst of answers a lookup brings
     */
    public UdpTransport(int threads, int socketBufferBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.nativeEpoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads,
                nativeEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.socketBufferBytes = socketBufferBytes;
    }

    public UdpTransport() {
        this(Runtime.getRuntime().availableProcessors(), 1024 * 1024); // a cap, charged only when queued
    }

    @Override
    public CompletableFuture<Endpoint> bind(InetSocketAddress address, PacketHandler handler) {
        CompletableFuture<Endpoint> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES))
                .option(ChannelOption.SO_RCVBUF, socketBufferBytes)
                .option(ChannelOption.SO_SNDBUF, socketBufferBytes)
                .handler(new InboundDatagrams(handler, stats));
        bootstrap.bind(address).addListener(future -> {
            if (future.isSuccess()) {
                Channel channel = ((io.netty.channel.ChannelFuture) future).channel();
                result.complete(new UdpEndpoint(channel, stats));
            } else {
                result.completeExceptionally(future.cause());
            }
        });
        return result;
    }

    /** Whether the native epoll transport is in use (else JDK NIO). */
    public boolean usesNativeEpoll() {
        return nativeEpoll;
    }

    @Override
    public TransportStats stats() {
        return stats;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Copies each datagram out of Netty's pooled buffer and stamps its arrival time first. */
    private static final class InboundDatagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        private final PacketHandler handler;
        private final TransportStats stats;

        InboundDatagrams(PacketHandler handler, TransportStats stats) {
            this.handler = handler;
            this.stats = stats;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long receivedAt = System.nanoTime();
            ByteBuf content = packet.content();
            byte[] payload = new byte[content.readableBytes()];
            content.readBytes(payload);
            stats.recordDelivered();
            handler.onPacket(packet.sender(), payload, receivedAt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port-unreachable and the like surface here; for UDP they are a failed send.
            stats.recordSendFailure();
        }
    }

    private static final class UdpEndpoint implements Endpoint {
        private final Channel channel;
        private final TransportStats stats;
        private final Scheduler scheduler;

        UdpEndpoint(Channel channel, TransportStats stats) {
            this.channel = channel;
            this.stats = stats;
            this.scheduler = new LoopScheduler(channel.eventLoop());
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) channel.localAddress();
        }

        @Override
        public void send(InetSocketAddress recipient, byte[] payload) {
            stats.recordSent();
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(payload), recipient))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            stats.recordSendFailure();
                        }
                    });
        }

        @Override
        public Clock clock() {
            return System::nanoTime;
        }

        @Override
        public Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public CompletableFuture<Void> close() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.close().addListener(f -> done.complete(null));
            return done;
        }
    }

    /** A Netty event loop seen through the {@link Scheduler} interface. */
    private static final class LoopScheduler implements Scheduler {
        private final EventLoop loop;

        LoopScheduler(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            var future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }

        @Override
        public boolean inLoop() {
            return loop.inEventLoop();
        }
    }
}
