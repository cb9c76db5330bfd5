// What `verify` reports per Service: its ports, endpoints, pods and DNS answers.
import { ServiceInfo } from './cluster-types';

/** One Service port in a verify report. */
export interface PortReport {
  /** Port name (`''` when unnamed). */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: string;
  /** targetPort as written. */
  readonly targetPort: string;
  /**
   * nodePort.
   * @default - none
   */
  readonly nodePort?: number;
  /** Ready endpoints as `ip:port`. */
  readonly endpoints: string[];
  /** The pods that receive traffic on this port. */
  readonly pods: string[];
}

/** One Service in a verify report. */
export interface ServiceReport {
  /** The Service as allocated. */
  readonly service: ServiceInfo;
  /** Per port: endpoints and pods. */
  readonly ports: PortReport[];
  /** What DNS answers for the Service's name, as `dig`-style lines. */
  readonly dns: string[];
  /** Ready endpoints (pods) in total. */
  readonly readyEndpoints: number;
  /** Endpoints that are not ready (not Ready, or terminating). */
  readonly notReadyEndpoints: number;
}
