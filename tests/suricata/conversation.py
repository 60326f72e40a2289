"""Flows as packets: each flow of a cases file becomes a complete conversation.

TCP: the three-way handshake, the client's message in segments of at most `mss` bytes (each
acknowledged by the server), the server's answer (acknowledged by the client), then FIN/ACK
both ways. UDP: a request datagram and its reply. ICMP: an echo request and its reply. A
one-sided flow keeps only the client's packets (the replies take another path).

Every packet gets a label ("SYN", "client data 1/2", "UDP reply"…) and a step name close to
Reach's `Packet` enum, so a dropped packet can be named in results.
"""

import ipaddress
import zlib
from dataclasses import dataclass

from scapy.layers.inet import ICMP, IP, TCP, UDP
from scapy.layers.inet6 import ICMPv6EchoReply, ICMPv6EchoRequest, IPv6
from scapy.layers.l2 import Ether

import payloads

CLIENT_MAC = "02:00:00:00:00:01"
SERVER_MAC = "02:00:00:00:00:02"
WINDOW = 64240
PACKET_GAP = 0.001  # seconds between packets of a flow
FLOW_GAP = 1.0  # seconds between flows


@dataclass
class Step:
    """One packet of a conversation."""

    label: str  # "SYN", "client data 1/2", "ACK of server data 1/1", "UDP reply"…
    step: str  # Reach-like name: syn, syn_ack, handshake_ack, client_data, server_data, …
    to_server: bool
    packet: object  # a scapy packet, timestamped


def seed_of(flow):
    return zlib.crc32(f"{flow['ruleset']}/{flow['id']}".encode())


def chunks(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)] or [b""]


class Builder:
    """Timestamped packets between a client and a server."""

    def __init__(self, flow, start):
        self.client = flow["client"]
        self.server = flow["server"]
        self.v6 = ipaddress.ip_address(self.client).version == 6
        if self.v6 != (ipaddress.ip_address(self.server).version == 6):
            raise ValueError("client and server must both be IPv4 or both IPv6")
        self.time = start
        self.ip_id = {True: seed_of(flow) & 0x7FFF, False: (seed_of(flow) >> 16) & 0x7FFF}
        self.steps = []

    def ip(self, to_server):
        src, dst = (self.client, self.server) if to_server else (self.server, self.client)
        ether = Ether(src=CLIENT_MAC, dst=SERVER_MAC) if to_server else Ether(src=SERVER_MAC, dst=CLIENT_MAC)
        if self.v6:
            return ether / IPv6(src=src, dst=dst, hlim=64)
        self.ip_id[to_server] = (self.ip_id[to_server] + 1) & 0xFFFF
        return ether / IP(src=src, dst=dst, ttl=64, id=self.ip_id[to_server], flags="DF")

    def add(self, label, step, to_server, packet):
        packet.time = self.time
        self.time += PACKET_GAP
        self.steps.append(Step(label, step, to_server, packet))


def tcp_conversation(flow, b, client_message, server_message):
    cport, sport = flow["client_port"], flow["server_port"]
    mss = flow.get("mss") or 1460
    seed = seed_of(flow)
    client_seq = (seed * 2654435761) & 0xFFFFFFFF
    server_seq = (seed * 40503 + 12345) & 0xFFFFFFFF

    def seg(to_server, flags, seq, ack, data=b"", options=None):
        ports = dict(sport=cport, dport=sport) if to_server else dict(sport=sport, dport=cport)
        tcp = TCP(flags=flags, seq=seq & 0xFFFFFFFF, ack=ack & 0xFFFFFFFF, window=WINDOW, options=options or [], **ports)
        packet = b.ip(to_server) / tcp
        return packet / data if data else packet

    b.add("SYN", "syn", True, seg(True, "S", client_seq, 0, options=[("MSS", mss)]))
    b.add("SYN-ACK", "syn_ack", False, seg(False, "SA", server_seq, client_seq + 1, options=[("MSS", mss)]))
    client_seq += 1
    server_seq += 1
    b.add("ACK", "handshake_ack", True, seg(True, "A", client_seq, server_seq))

    parts = chunks(client_message, mss)
    if flow.get("retransmit") and len(parts) > 1:
        # Segment 1 is lost on the way (or dropped by the firewall): the client sends all its
        # segments back to back, the server acknowledges only up to the hole, the client
        # retransmits segment 1, and the server acknowledges everything.
        start = client_seq
        for i, part in enumerate(parts, 1):
            flags = "PA" if i == len(parts) else "A"
            b.add(f"client data {i}/{len(parts)}", "client_data", True, seg(True, flags, client_seq, server_seq, part))
            client_seq += len(part)
        b.add("duplicate ACK", "ack_client_data", False, seg(False, "A", server_seq, start))
        b.add(f"client data 1/{len(parts)} (retransmitted)", "client_data_retransmitted", True,
              seg(True, "A", start, server_seq, parts[0]))
        b.add(f"ACK of client data {len(parts)}/{len(parts)}", "ack_client_data", False, seg(False, "A", server_seq, client_seq))
        parts = []
    for i, part in enumerate(parts, 1):
        tag = f"{i}/{len(parts)}"
        flags = "PA" if i == len(parts) else "A"
        b.add(f"client data {tag}", "client_data", True, seg(True, flags, client_seq, server_seq, part))
        client_seq += len(part)
        b.add(f"ACK of client data {tag}", "ack_client_data", False, seg(False, "A", server_seq, client_seq))

    parts = chunks(server_message, mss)
    for i, part in enumerate(parts, 1):
        tag = f"{i}/{len(parts)}"
        flags = "PA" if i == len(parts) else "A"
        b.add(f"server data {tag}", "server_data", False, seg(False, flags, server_seq, client_seq, part))
        server_seq += len(part)
        b.add(f"ACK of server data {tag}", "ack_server_data", True, seg(True, "A", client_seq, server_seq))

    b.add("client FIN", "client_fin", True, seg(True, "FA", client_seq, server_seq))
    client_seq += 1
    b.add("server FIN", "server_fin", False, seg(False, "FA", server_seq, client_seq))
    server_seq += 1
    b.add("final ACK", "final_ack", True, seg(True, "A", client_seq, server_seq))


def udp_conversation(flow, b, client_message, server_message):
    cport, sport = flow["client_port"], flow["server_port"]
    b.add("UDP request", "request", True, b.ip(True) / UDP(sport=cport, dport=sport) / client_message)
    b.add("UDP reply", "reply", False, b.ip(False) / UDP(sport=sport, dport=cport) / server_message)


def icmp_conversation(flow, b, icmp_id):
    data = bytes(range(16, 64))
    if b.v6:
        request, reply = ICMPv6EchoRequest(id=icmp_id, seq=1, data=data), ICMPv6EchoReply(id=icmp_id, seq=1, data=data)
    else:
        request, reply = ICMP(type=8, id=icmp_id, seq=1) / data, ICMP(type=0, id=icmp_id, seq=1) / data
    b.add("ICMP echo request", "request", True, b.ip(True) / request)
    b.add("ICMP echo reply", "reply", False, b.ip(False) / reply)


def conversation(flow, start, icmp_id=1):
    """The steps of `flow`, its first packet at time `start`."""
    b = Builder(flow, start)
    protocol = flow["protocol"]
    if protocol == "icmp":
        icmp_conversation(flow, b, icmp_id)
    else:
        client_message, server_message = payloads.messages(
            flow.get("app") or "none",
            flow.get("server_name"),
            flow.get("client_hello_size") or 517,
            protocol,
            seed_of(flow),
        )
        if protocol == "tcp":
            tcp_conversation(flow, b, client_message, server_message)
        elif protocol == "udp":
            udp_conversation(flow, b, client_message, server_message)
        else:
            raise ValueError(f"unknown protocol {protocol!r}")
    steps = b.steps
    if flow.get("one_sided"):
        steps = [s for s in steps if s.to_server]
    return steps
