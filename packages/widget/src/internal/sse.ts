// The parser lives in @kotae/knowledge so `kotae eval --answers` reads answers with the same code.
export { sseParser, type SseEvent } from '@kotae/knowledge';
