import { FlowPicker } from './_components/flow-picker';

export const metadata = { title: 'Mappings · ml-connector' };

export default function MappingsPage() {
  return <FlowPicker />;
}
