import { MemoryStorage } from '../src/index';
import { registerStorageContractTests } from './storageContract';

registerStorageContractTests('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
