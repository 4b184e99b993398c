/** The contract's one choke point (the dispatcher), who may call what, and the shape every capability has. */
export {
  createDispatcher,
  invoke,
  preparedCommand,
  type Dispatcher,
  type CallContext,
  type CommandOutcome,
  type Handlers,
  type Connection,
  type ForwardedCommand,
  type PreparedCommand,
  type StepUpGrant,
} from './dispatcher';
export { authorize, LOCAL_OPERATOR, requirePermission, requireSiteAccess, type Actor, type Role } from './policy';
export { refuseStaleEdit, shownValue, type StoredVersion } from './stale-edit';
export { identityFromSettings, type Capability, type CapabilityContext, type ConsoleIdentity, type MethodsOf } from './capability';
