import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  Tab,
  TabList,
  useIsOverflowItemVisible,
  useOverflowMenu,
  type SelectTabData,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';
import { useI18n } from './i18n';
import { useStyles } from './styles';

/**
 * The screens' tabs on one row at any pane width and font: short labels that fit 320 px with Segoe UI, and,
 * where they still do not (a wider font, a narrower pane), Fluent's overflow: the tabs that do not fit go into a
 * "…" menu, the selected one always stays visible. Never a cut or wrapped tab.
 */
export function TabStrip<T extends string>({
  screens,
  selected,
  onSelect,
}: {
  screens: readonly T[];
  selected: T;
  onSelect: (screen: T) => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const label = (s: T) => t.tabs[s as keyof typeof t.tabs];
  return (
    <Overflow minimumVisible={2} padding={8}>
      <TabList
        aria-label={t.tabListLabel}
        selectedValue={selected}
        onTabSelect={(_e, data: SelectTabData) => {
          const next = screens.find((s) => s === data.value);
          if (next) onSelect(next);
        }}
        size="small"
        className={styles.tabs}
      >
        {screens.map((s) => (
          <OverflowItem key={s} id={s} priority={s === selected ? 2 : 1}>
            <Tab value={s} className={styles.tab}>
              {label(s)}
            </Tab>
          </OverflowItem>
        ))}
        <MoreTabs screens={screens} label={label} onSelect={onSelect} />
      </TabList>
    </Overflow>
  );
}

function MoreTabs<T extends string>({
  screens,
  label,
  onSelect,
}: {
  screens: readonly T[];
  label: (s: T) => string;
  onSelect: (screen: T) => void;
}) {
  const { t } = useI18n();
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button
          ref={ref}
          appearance="transparent"
          size="small"
          icon={<MoreHorizontalRegular />}
          aria-label={t.moreTabs(overflowCount)}
          // a tab list holds tabs only: the "…" opener counts as one (as in Fluent's overflow example)
          role="tab"
          data-more-tabs
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {screens.map((s) => (
            <HiddenTabItem key={s} id={s} text={label(s)} onClick={() => onSelect(s)} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** A menu entry for a tab only while that tab is hidden by the overflow. */
function HiddenTabItem({ id, text, onClick }: { id: string; text: string; onClick: () => void }) {
  const visible = useIsOverflowItemVisible(id);
  if (visible) return null;
  return <MenuItem onClick={onClick}>{text}</MenuItem>;
}
