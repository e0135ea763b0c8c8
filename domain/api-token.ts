/** 接口令牌: bearer tokens of the staff API (bot/staff-api), stored as hashes. */

/** Staff API tokens (接口令牌), by hash. */
export interface ApiTokenRepo {
  /** Stores a new token of the person and revokes the ones they had. */
  issue(personId: number, tokenHash: string, at: Date): Promise<void>;
  /** Revokes the person's live tokens; how many. */
  revoke(personId: number, at: Date): Promise<number>;
  /** The holder of a live token, noting its use; null when unknown or revoked. */
  holder(tokenHash: string, at: Date): Promise<number | null>;
}

// This mechanism's repositories in the Store (domain/ports.ts MechanismPorts), implemented in db/ and registered in db/mechanisms.ts.
declare module './ports' {
  interface MechanismPorts {
    apiTokens: ApiTokenRepo;
  }
}
