// What the simulated cluster DNS answers (CoreDNS' kubernetes plugin), in the shapes `dig` shows.

/** DNS response codes (plus FORWARDED for names outside the cluster domain). */
export enum DnsRcode {
  /** The name exists (answers may be empty: NODATA). */
  NOERROR = 'NOERROR',
  /** The name does not exist. */
  NXDOMAIN = 'NXDOMAIN',
  /** The server failed. */
  SERVFAIL = 'SERVFAIL',
  /**
   * Not a DNS code: the name is outside the cluster domain and CoreDNS forwards it upstream
   * (`forward . /etc/resolv.conf`); the answer depends on the outside world.
   */
  FORWARDED = 'FORWARDED',
}

/** DNS record types the cluster DNS answers. */
export enum DnsRecordType {
  /** IPv4 address. */
  A = 'A',
  /** IPv6 address. */
  AAAA = 'AAAA',
  /** Alias (ExternalName, D5). */
  CNAME = 'CNAME',
  /** Service location: target and port (D3). */
  SRV = 'SRV',
}

/** One record of a DNS answer. */
export interface DnsAnswer {
  /** Record type. */
  readonly type: DnsRecordType;
  /** The owner name (fully qualified, no trailing dot). */
  readonly name: string;
  /** The address, the CNAME target or the SRV target. */
  readonly value: string;
  /**
   * SRV port.
   * @default - not SRV
   */
  readonly port?: number;
  /**
   * SRV priority (0, D3).
   * @default - not SRV
   */
  readonly priority?: number;
  /**
   * SRV weight (`floor(100/n)`, D3).
   * @default - not SRV
   */
  readonly weight?: number;
}

/** What the cluster DNS answers a pod that looks a name up. */
export interface DnsResult {
  /** The response code of the name that answered (or of the last tried). */
  readonly rcode: DnsRcode;
  /** The fully qualified name that answered (or the last tried). */
  readonly name: string;
  /** The names the stub resolver tried, in order (D1 search path). */
  readonly tried: string[];
  /** The answer records. */
  readonly answers: DnsAnswer[];
}
