// Test access to the carrier network (router + carrier namespaces with real DHCP), which lives in src/sim.
export { canUseNetns, createCarrierNetwork, type CarrierNetwork, type Lease } from '../../src/sim/carrier-network';
