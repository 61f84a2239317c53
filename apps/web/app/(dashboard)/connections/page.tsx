import { ConnectionsView } from './_components/connections-view';

export const metadata = { title: 'Connections · ml-connector' };

export default function ConnectionsPage() {
  return <ConnectionsView />;
}
