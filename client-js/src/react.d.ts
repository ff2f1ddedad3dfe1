// Type declarations of @switchboard/client/react (hand-written).
import type { ComponentType, Context, ForwardRefExoticComponent, ReactNode, RefAttributes } from "react";
import type {
  AuthError, ChannelPosition, ClientOptions, ConnectionState, Handler, Handlers, RequestOptions, SubscribeAck, SwitchboardClient, TokenSource,
} from "./index.js";

/** What the provider gives its components (the seed's "WebSocketProps"). */
export interface WebSocketProps {
  client: SwitchboardClient;
  state: ConnectionState;
  isConnected: boolean;
  isReconnecting: boolean;
  attempt: number;
  sessionId: string | null;
  userId: string | null;
  authError: AuthError | null;
  /** Stable for the client's life; returns the unregister function (return it from useEffect). */
  registerHandlers(handlers: Handlers): () => void;
  send(type: string, data?: unknown): void;
  request<R = any>(type: string, data?: unknown, options?: RequestOptions): Promise<R>;
  subscribe(channel: string, handler?: Handler, options?: { from?: ChannelPosition }): Promise<SubscribeAck | undefined>;
  unsubscribe(channel: string): Promise<unknown>;
  publish(channel: string, data: unknown): Promise<unknown>;
  connect(): void;
  disconnect(): void;
  reconnect(): void;
}

export interface WebSocketProviderProps {
  /** A client made elsewhere; otherwise the provider makes one from the props. */
  client?: SwitchboardClient;
  url?: string;
  baseUrl?: string;
  /** The per-user endpoint's user (the seed's user uuid). */
  userId?: string | null;
  token?: string | null;
  getToken?: TokenSource;
  /** Connect while true (default: while there is a token, a getToken or a client). */
  enabled?: boolean;
  /** Other client options, read when the client is made. */
  options?: Partial<ClientOptions>;
  /** E.g. log the user out. */
  onAuthError?: (error: AuthError) => void;
  children?: ReactNode;
}

export const WebSocketContext: Context<WebSocketProps | null>;
export function WebSocketProvider(props: WebSocketProviderProps): ReactNode;
/** The seed's name for the provider. */
export const WebSocketInitializer: typeof WebSocketProvider;
/** Throws outside a provider. */
export function useWebSocketContext(): WebSocketProps;
export function useWebSocketProps(): WebSocketProps;
export function withWebSocket<P extends { websocket: WebSocketProps }, R = unknown>(
  Component: ComponentType<P>,
): ForwardRefExoticComponent<Omit<P, "websocket"> & RefAttributes<R>>;
/** Registers while mounted; the latest handler functions run. */
export function useWebSocketHandlers(handlers: Handlers): void;
export function conversationOf(data: unknown): string | undefined;

export interface ConversationMessage {
  uuid: string;
  content?: string;
  sender_uuid?: string;
  created_at?: string;
  [field: string]: unknown;
}

export interface ConversationOptions {
  /** What the app already loaded over REST. */
  initialMessages?: ConversationMessage[];
  /** Called for each final message (generated or regenerated). */
  onMessage?: (message: ConversationMessage, data: any, type: "message_generate" | "message_regenerate") => void;
}

export interface ConversationView {
  /** In order of arrival, one per uuid. */
  messages: ConversationMessage[];
  /** Text streamed so far, by message uuid, until the final message arrives. */
  streaming: Record<string, string>;
  setMessages(update: ConversationMessage[] | ((prev: ConversationMessage[]) => ConversationMessage[])): void;
  isConnected: boolean;
  state: ConnectionState;
}

export function useWebSocketConversation(conversationUuid: string | null | undefined, options?: ConversationOptions): ConversationView;
