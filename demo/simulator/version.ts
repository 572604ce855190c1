/**
 * What differs between the Dify releases the simulator plays (dify-api.md §0): one row of facts per release,
 * so a route asks "does this release do X" instead of comparing version strings.
 */
import type { DifyVersion } from '../../shared/dify-wire.ts';

export interface VersionBehaviour {
  /** `server_version` of `GET /v1/` and the `X-Version` header (§1.1); main's pyproject still says 1.14.2. */
  serverVersion: string;
  /** A streaming chatflow/workflow rejected in the worker publishes one bare `error` frame (§4.3, main ≥ 2026-05-26). */
  workerPublishesErrors: boolean;
  /** Advanced-chat starts a new conversation for an unknown or foreign `conversation_id` (§4.1, main ≥ 2026-05-20). */
  unknownConversationStartsNew: boolean;
  /** `GET/POST /form/human_input/{token}` and `GET /workflow/{id}/events` exist (§11.2, 1.14.0+). */
  humanInputApi: boolean;
  /** A blocking run that pauses returns the paused body; 1.13.3 has no pause branch there (§4.2, §11.1). */
  blockingPauseBody: boolean;
  /** `human_input_form_filled` carries `submitted_data` (§4.5, main ≥ 2026-06-04). */
  formFilledSubmittedData: boolean;
  /** The `agent` app mode exists (§2, main ≥ 2026-06-02). */
  agentMode: boolean;
  /** flask-restx appends its "did you mean" help to 404 messages (captures 05, 06, 91; upstream flask-restx). */
  notFoundHelp: boolean;
  /** `GET /workflows/run/{id}` renders `inputs` as a JSON-encoded string (capture 54). */
  runInputsAsString: boolean;
}

const behaviours: Record<DifyVersion, VersionBehaviour> = {
  '1.13': {
    serverVersion: '1.13.3',
    workerPublishesErrors: false,
    unknownConversationStartsNew: false,
    humanInputApi: false,
    blockingPauseBody: false,
    formFilledSubmittedData: false,
    agentMode: false,
    notFoundHelp: true,
    runInputsAsString: true,
  },
  '1.14': {
    serverVersion: '1.14.2',
    workerPublishesErrors: false,
    unknownConversationStartsNew: false,
    humanInputApi: true,
    blockingPauseBody: true,
    formFilledSubmittedData: false,
    agentMode: false,
    notFoundHelp: true,
    runInputsAsString: false,
  },
  // main pins a flask-restx fork (§1.3) whose 404 help was not observed: the bare message is kept there.
  main: {
    serverVersion: '1.14.2',
    workerPublishesErrors: true,
    unknownConversationStartsNew: true,
    humanInputApi: true,
    blockingPauseBody: true,
    formFilledSubmittedData: true,
    agentMode: true,
    notFoundHelp: false,
    runInputsAsString: false,
  },
};

export const difyVersions: readonly DifyVersion[] = ['1.13', '1.14', 'main'];

export function isDifyVersion(value: string): value is DifyVersion {
  return Object.hasOwn(behaviours, value);
}

export function behaviourOf(version: DifyVersion): VersionBehaviour {
  return behaviours[version];
}
