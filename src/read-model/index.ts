export { type RecentHistory, recentHistory, statusSnapshot } from "./load";
export * from "./snapshot";
