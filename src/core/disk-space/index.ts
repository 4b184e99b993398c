/** A full disk under the data folder: noticed on the first failed write, refused politely, resumed by itself. */
export {
  createDiskGuard,
  DISK_FULL_MESSAGE,
  hasRoomFor,
  isDatabaseFullError,
  isDiskFullError,
  PROBE_FILE_NAME,
  type DiskGuard,
} from './guard';
