"""Application payloads for the test conversations: what the client and the server send.

Every builder returns bytes; the conversation module cuts them into segments. The bytes are
shaped like what real clients send (a TLS 1.3 ClientHello as a browser would, an HTTP/1.1
GET, an SSH banner, a DNS query) so that Suricata's protocol detection and parsers treat
them as they would in production.
"""

import ipaddress
import random
import struct

TLS_RECORD_MAX = 16384  # the largest plaintext fragment a TLS record may carry


def u8(value):
    return struct.pack("!B", value)


def u16(value):
    return struct.pack("!H", value)


def u24(value):
    return struct.pack("!I", value)[1:]


def vec8(data):
    return u8(len(data)) + data


def vec16(data):
    return u16(len(data)) + data


def extension(kind, body):
    return u16(kind) + vec16(body)


# ---------------------------------------------------------------------------------------
# TLS


CIPHER_SUITES = [
    0x1301, 0x1302, 0x1303,  # TLS 1.3 AES-128-GCM, AES-256-GCM, CHACHA20
    0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8,  # ECDHE AEAD
    0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035,  # legacy
]
SIGNATURE_ALGORITHMS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
GROUP_X25519 = 0x001D
EXT_SERVER_NAME = 0
EXT_STATUS_REQUEST = 5
EXT_SUPPORTED_GROUPS = 10
EXT_EC_POINT_FORMATS = 11
EXT_SIGNATURE_ALGORITHMS = 13
EXT_ALPN = 16
EXT_PADDING = 21
EXT_EXTENDED_MASTER_SECRET = 23
EXT_SESSION_TICKET = 35
EXT_SUPPORTED_VERSIONS = 43
EXT_PSK_KEY_EXCHANGE_MODES = 45
EXT_KEY_SHARE = 51
EXT_RENEGOTIATION_INFO = 0xFF01


def _client_hello_body(server_name, session_id, rng, padding):
    """The ClientHello handshake body; `padding` is the padding extension's data length,
    None for no padding extension."""
    extensions = b""
    if server_name is not None:
        name = server_name.encode("ascii")
        extensions += extension(EXT_SERVER_NAME, vec16(u8(0) + vec16(name)))
    extensions += extension(EXT_EXTENDED_MASTER_SECRET, b"")
    extensions += extension(EXT_RENEGOTIATION_INFO, vec8(b""))
    extensions += extension(EXT_SUPPORTED_GROUPS, vec16(b"".join(u16(g) for g in (GROUP_X25519, 0x0017, 0x0018))))
    extensions += extension(EXT_EC_POINT_FORMATS, vec8(u8(0)))
    extensions += extension(EXT_SESSION_TICKET, b"")
    extensions += extension(EXT_ALPN, vec16(vec8(b"h2") + vec8(b"http/1.1")))
    extensions += extension(EXT_STATUS_REQUEST, u8(1) + u16(0) + u16(0))
    extensions += extension(EXT_SIGNATURE_ALGORITHMS, vec16(b"".join(u16(a) for a in SIGNATURE_ALGORITHMS)))
    extensions += extension(EXT_KEY_SHARE, vec16(u16(GROUP_X25519) + vec16(rng.randbytes(32))))
    extensions += extension(EXT_PSK_KEY_EXCHANGE_MODES, vec8(u8(1)))
    extensions += extension(EXT_SUPPORTED_VERSIONS, vec8(u16(0x0304) + u16(0x0303)))
    if padding is not None:
        extensions += extension(EXT_PADDING, bytes(padding))
    return (
        u16(0x0303)  # legacy_version: TLS 1.2
        + rng.randbytes(32)  # random
        + vec8(session_id)
        + vec16(b"".join(u16(c) for c in CIPHER_SUITES))
        + vec8(u8(0))  # compression: null
        + vec16(extensions)
    )


def _records(content_type, message):
    """A handshake message cut into TLS records of at most TLS_RECORD_MAX bytes."""
    out = b""
    for start in range(0, len(message), TLS_RECORD_MAX):
        fragment = message[start:start + TLS_RECORD_MAX]
        out += u8(content_type) + u16(0x0301 if content_type == 22 else 0x0303) + vec16(fragment)
    return out


def _handshake_length_for(total):
    """The handshake message length whose records total `total` bytes (5 bytes of header
    per record of at most TLS_RECORD_MAX bytes)."""
    records = 1
    while True:
        length = total - 5 * records
        if length <= 0:
            raise ValueError(f"client_hello_size {total} is too small")
        if -(-length // TLS_RECORD_MAX) == records:
            return length
        records += 1


def tls_client_hello(server_name, total_size, session_id, rng):
    """A TLS 1.3 ClientHello whose record(s) total exactly `total_size` bytes, with the SNI
    extension when `server_name` is set, filled up with a padding extension (type 21)."""
    body_length = _handshake_length_for(total_size) - 4
    base = len(_client_hello_body(server_name, session_id, rng, None))
    missing = body_length - base
    if missing < 0:
        raise ValueError(
            f"client_hello_size {total_size} is too small: this ClientHello needs at least "
            f"{total_size - missing} bytes"
        )
    padding = None
    if 0 < missing < 4:
        # The padding extension costs 4 bytes of header: shorten the session id to fit.
        session_id = session_id[: len(session_id) - (4 - missing)]
        padding = 0
    elif missing >= 4:
        padding = missing - 4
    body = _client_hello_body(server_name, session_id, rng, padding)
    assert len(body) == body_length, (len(body), body_length)
    hello = _records(22, u8(1) + u24(len(body)) + body)
    assert len(hello) == total_size, (len(hello), total_size)
    return hello


def tls_server_flight(session_id, rng):
    """A TLS 1.3 server flight as it appears on the wire: ServerHello, ChangeCipherSpec,
    then encrypted records (EncryptedExtensions, Certificate… as application data)."""
    extensions = extension(EXT_SUPPORTED_VERSIONS, u16(0x0304))
    extensions += extension(EXT_KEY_SHARE, u16(GROUP_X25519) + vec16(rng.randbytes(32)))
    body = (
        u16(0x0303)
        + rng.randbytes(32)
        + vec8(session_id)
        + u16(0x1301)
        + u8(0)
        + vec16(extensions)
    )
    server_hello = u8(22) + u16(0x0303) + vec16(u8(2) + u24(len(body)) + body)
    change_cipher_spec = u8(20) + u16(0x0303) + vec16(u8(1))
    encrypted = u8(23) + u16(0x0303) + vec16(rng.randbytes(900))
    return server_hello + change_cipher_spec + encrypted


# ---------------------------------------------------------------------------------------
# HTTP, SSH


def http_request(server_name):
    lines = ["GET / HTTP/1.1"]
    if server_name is not None:
        lines.append(f"Host: {server_name}")
    lines += ["User-Agent: curl/8.5.0", "Accept: */*"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def http_response():
    body = b"<html><body>reach test</body></html>\n"
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/html\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


SSH_CLIENT_BANNER = b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"
SSH_SERVER_BANNER = b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"


# ---------------------------------------------------------------------------------------
# DNS


def _qname(name):
    labels = [label for label in name.rstrip(".").split(".") if label] if name else []
    return b"".join(vec8(label.encode("ascii")) for label in labels) + b"\x00"


def dns_query(name, txid):
    """A recursive query for the A record of `name` (the root when None)."""
    header = u16(txid) + u16(0x0100) + u16(1) + u16(0) + u16(0) + u16(0)
    return header + _qname(name) + u16(1) + u16(1)


def dns_response(name, txid, address="93.184.216.34"):
    """The answer to dns_query: one A record."""
    header = u16(txid) + u16(0x8180) + u16(1) + u16(1) + u16(0) + u16(0)
    question = _qname(name) + u16(1) + u16(1)
    answer = u16(0xC00C) + u16(1) + u16(1) + struct.pack("!I", 300) + vec16(ipaddress.IPv4Address(address).packed)
    return header + question + answer


def tcp_framed(message):
    """DNS over TCP: a two-byte length, then the message."""
    return vec16(message)


# ---------------------------------------------------------------------------------------
# Payload no parser recognises


def opaque(to_server, rng):
    """A short binary blob no Suricata protocol parser or probe recognises."""
    head = b"\x8f\x03\x00\x2a" if to_server else b"\x9e\x05\x00\x2a"
    return head + rng.randbytes(60)


# ---------------------------------------------------------------------------------------


def messages(app, server_name, client_hello_size, transport, seed):
    """The client's message and the server's answer for `app` over `transport` ("tcp" or
    "udp"), deterministic for a given seed."""
    rng = random.Random(seed)
    if app == "tls":
        session_id = rng.randbytes(32)
        return (
            tls_client_hello(server_name, client_hello_size, session_id, rng),
            tls_server_flight(session_id, rng),
        )
    if app == "http":
        return http_request(server_name), http_response()
    if app == "ssh":
        return SSH_CLIENT_BANNER, SSH_SERVER_BANNER
    if app == "dns":
        txid = rng.randrange(1, 0xFFFF)
        query, response = dns_query(server_name, txid), dns_response(server_name, txid)
        if transport == "tcp":
            return tcp_framed(query), tcp_framed(response)
        return query, response
    if app == "none":
        return opaque(True, rng), opaque(False, rng)
    raise ValueError(f"unknown app {app!r}")
