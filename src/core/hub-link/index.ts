/** A console's core connected to a hub: the pinned TLS connection, the replica kept in step, commands and sign-in forwarded. */
export { createHubLink, type HubLink, type HubLinkOptions, type ReplicaPort } from './link';
export { CertificateChangedError, inspectHubCertificate, PinnedAgent } from './pinned-tls';
export { createOutboxSender, outboxCommand, type OutboxSender, type OutboxSenderOptions } from './outbox-sender';
